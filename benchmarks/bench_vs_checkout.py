"""The portfolio run against an earlier checkout of the project, interleaved round by round.

Issues #12, #13 and #18 bound the 510-text portfolio run (``analyzer portfolio <510 CUAD txt>
--out OUT --workers 1 --no-cache``, end to end as a command) by its time before the issue:
#12 ≤ 1.2x, #13 ≤ 1.3x, #18 ≤ 1.1x. This script runs, in turn and ``--rounds`` times:

- ``base``: the earlier checkout given with ``--baseline`` (e.g. ``git worktree add ../base
  88dcb2c``, the commit before issue #12's work began);
- ``main``: this checkout;
- ``no-model``: this checkout without the second reader (a copy of its ``analyzer`` package
  and ``clause_patterns`` with the model files left out: the patterns decide alone, as they do
  wherever no model is installed). Its ratio to ``base`` is what the rules, the obligations
  register and everything else cost; ``main`` / ``no-model`` is the second reader's share
  (issue #13).

Each run is a fresh process (start-up, the results store and every output file included);
CPU seconds are the process's and its worker's. Rounds are interleaved so that all three see
the same load; the figures are means over rounds. Usage:
``python benchmarks/bench_vs_checkout.py --baseline ../base [--rounds 3] [--limit N]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from statistics import mean

from _common import CUAD_TXT, ROOT, report, require
from bench_end_to_end import PORTFOLIO, _run


def _without_model(tmp: Path) -> Path:
    """A copy of this checkout's analyzer and patterns with the second reader's files left out."""
    dest = tmp / "no-model"
    shutil.copytree(
        ROOT / "analyzer",
        dest / "analyzer",
        ignore=shutil.ignore_patterns("__pycache__", "second_reader.*"),
    )
    shutil.copytree(ROOT / "clause_patterns", dest / "clause_patterns")
    import compileall

    # compiled now, as the other checkouts already are: a first run must not pay for it
    compileall.compile_dir(dest / "analyzer", quiet=1)
    return dest


def _portfolio(folder: Path, checkout: Path, out: Path) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(checkout))
    cmd = [sys.executable, "-c", PORTFOLIO, "portfolio", str(folder), "--out", str(out)]
    return _run(cmd + ["--workers", "1", "--no-cache", "--quiet"], env)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", type=Path, required=True, help="the earlier checkout")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--limit", type=int, help="only the first N texts (a copy of them)")
    args = ap.parse_args()
    base = args.baseline.resolve()
    if not (base / "analyzer").is_dir():
        sys.exit(f"{base}: no analyzer package there (give a checkout of the project)")
    folder = require(CUAD_TXT)
    with tempfile.TemporaryDirectory(prefix="bench-vs-") as tmp_name:
        tmp = Path(tmp_name)
        if args.limit:
            subset = tmp / "texts"
            subset.mkdir()
            for f in sorted(folder.glob("*.txt"))[: args.limit]:
                shutil.copy(f, subset / f.name)
            folder = subset
        checkouts = {"base": base, "main": ROOT, "no-model": _without_model(tmp)}
        runs: dict[str, list[tuple[float, float]]] = {k: [] for k in checkouts}
        for r in range(args.rounds):
            for name, checkout in checkouts.items():
                out = tmp / f"out-{name}-{r}"
                runs[name].append(_portfolio(folder, checkout, out))
                shutil.rmtree(out, ignore_errors=True)
                wall, cpu = runs[name][-1]
                print(f"round {r + 1} {name:8s} wall {wall:6.2f} s  cpu {cpu:6.2f} s", flush=True)
    wall = {k: mean(w for w, _ in v) for k, v in runs.items()}
    cpu = {k: mean(c for _, c in v) for k, v in runs.items()}
    print(f"means over {args.rounds} interleaved rounds; baseline {base}")
    for kind, figures in (("cpu", cpu), ("wall", wall)):
        report(
            f"main vs base ({kind})", figures["main"], figures["base"], "#12 <= 1.2x, #13 <= 1.3x"
        )
        report(f"no-model vs base ({kind})", figures["no-model"], figures["base"], "#12 <= 1.2x")
        report(f"main vs no-model ({kind})", figures["main"], figures["no-model"], "second reader")


if __name__ == "__main__":
    main()
