"""Where the tasks run: a pool of local worker processes, or a Dask distributed cluster.

Each file is analysed in a worker process (``spawn`` start method; each worker loads the patterns
and spaCy pipelines once). The pool is a few ``multiprocessing`` processes, each fed through its
own pipes, rather than a ``ProcessPoolExecutor``: an executor cannot stop one runaway task without
breaking the whole pool. A file that runs longer than ``timeout`` seconds is stopped by killing
its worker (a new worker takes its place) and reported as ``E500``; a worker that dies (e.g. out
of memory) is reported as ``E501``.

Dask: the same per-file function is submitted to a ``dask.distributed`` scheduler; results come
back to this process, which alone writes the store and the outputs. Dask cannot stop a running
task, so ``timeout`` is not enforced there.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from analyzer.errors import AnalyzerError, PortfolioError
from analyzer.portfolio.task import (
    CRASH_CODE,
    TIMEOUT_CODE,
    Outcome,
    Task,
    _worker_main,
    run_task,
)


@contextlib.contextmanager
def main_without_missing_file() -> Iterator[None]:
    """Spawned workers re-import the parent's ``__main__`` from its file; when that "file" does
    not exist (``python - < script``, some embedders) hide it so that workers still start.
    A real script still needs the usual ``if __name__ == "__main__":`` guard."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or path is None or Path(path).is_file():
        yield
        return
    delattr(main, "__file__")
    try:
        yield
    finally:
        main.__file__ = path


class _Slot:
    """One worker process with two one-way pipes (no sockets: works with sockets disabled)."""

    def __init__(self, ctx: Any, warm: bool) -> None:
        tasks_r, self.tasks = ctx.Pipe(duplex=False)
        self.conn, results_w = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=_worker_main, args=(tasks_r, results_w, warm), daemon=True)
        with main_without_missing_file():
            self.proc.start()
        tasks_r.close()
        results_w.close()
        self.ready = False
        self.task: Task | None = None
        self.deadline = float("inf")

    def submit(self, task: Task, timeout: float) -> None:
        self.tasks.send(task)
        self.task = task
        self.deadline = time.monotonic() + timeout

    def stop(self, *, kill: bool) -> None:
        try:
            if kill:
                self.proc.kill()
            else:
                self.tasks.send(None)
        except OSError:
            pass
        self.proc.join(timeout=None if kill else 5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.tasks.close()
        self.conn.close()


def _failure(task: Task, code: str, message: str) -> Outcome:
    return Outcome(ok=False, error_code=code, error_message=f"{task.path}: {message}", cache=False)


def run_local(
    tasks: Iterable[Task], workers: int, timeout: float, *, warm: bool = True
) -> Iterator[tuple[Task, Outcome]]:
    """Run tasks in ``workers`` spawned processes; yield results as they finish.

    A worker that exceeds ``timeout`` seconds on a file is killed and replaced (a
    ProcessPoolExecutor cannot stop one task without breaking the whole pool).
    """
    ctx = multiprocessing.get_context("spawn")
    queue = deque(tasks)
    slots = [_Slot(ctx, warm) for _ in range(max(1, min(workers, len(queue))))] if queue else []
    start_failures = 0
    try:
        while queue or any(s.task is not None for s in slots):
            for s in slots:
                if s.ready and s.task is None and queue:
                    s.submit(queue.popleft(), timeout)
            busy = [s for s in slots if s.task is not None]
            wait_for = 1.0
            if busy:
                wait_for = max(0.0, min(1.0, min(s.deadline for s in busy) - time.monotonic()))
            by_conn = {s.conn: s for s in slots}
            for conn in wait(list(by_conn), timeout=wait_for):
                s = by_conn[conn]
                try:
                    msg = s.conn.recv()
                except (EOFError, OSError):
                    msg = None
                if msg == "ready":
                    s.ready = True
                    continue
                if isinstance(msg, Outcome) and s.task is not None:
                    done, s.task = s.task, None
                    if queue:  # the next file first: the worker runs while the caller stores
                        s.submit(queue.popleft(), timeout)
                    yield done, msg
                    continue
                # the worker died
                lost = s.task
                s.stop(kill=True)
                slots[slots.index(s)] = _Slot(ctx, warm)
                if lost is not None:
                    yield lost, _failure(lost, CRASH_CODE, "the worker process died on this file")
                else:
                    start_failures += 1
                    if start_failures > 3:
                        raise AnalyzerError("worker processes cannot start", code="E502")
            now = time.monotonic()
            for i, s in enumerate(slots):
                if s.task is not None and now >= s.deadline:
                    late = s.task
                    s.stop(kill=True)
                    slots[i] = _Slot(ctx, warm)
                    yield (
                        late,
                        _failure(
                            late, TIMEOUT_CODE, f"stopped after the {timeout:g}-second time limit"
                        ),
                    )
    finally:
        for s in slots:
            s.stop(kill=s.task is not None)


def run_dask(tasks: Iterable[Task], scheduler: Any) -> Iterator[tuple[Task, Outcome]]:
    """Submit tasks to a dask.distributed scheduler (address, Client or cluster)."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise PortfolioError(
            "--scheduler needs the dask extra: pip install 'outsourcing-analyzer[dask]'"
        ) from exc
    own_client = not isinstance(scheduler, Client)
    try:
        client = Client(scheduler, set_as_default=False) if own_client else scheduler
    except OSError as exc:
        raise PortfolioError(f"cannot reach the Dask scheduler {scheduler!r}: {exc}") from exc
    try:
        by_future: dict[Any, Task] = {}
        for task in tasks:
            fut = client.submit(run_task, task, pure=False, key=f"analyze-{task.key}-{id(task)}")
            by_future[fut] = task
        for fut in as_completed(list(by_future), loop=client.loop):
            task = by_future.pop(fut)
            try:
                outcome = fut.result()
            except Exception as exc:
                outcome = _failure(task, CRASH_CODE, f"the Dask task failed ({type(exc).__name__})")
            fut.release()
            yield task, outcome
    finally:
        if own_client:
            client.close()
