"""The results store: one embedded SQLite file (stdlib ``sqlite3``, WAL journal).

Results are keyed by document sha256 + analyzer version + pattern-set version, so an unchanged
contract is never analysed twice and an interrupted run resumes where it stopped. Only the parent
process writes (one writer); every result is committed on its own, so killing the run (even with
SIGKILL) loses at most the files in flight.

Tables:

- ``runs`` — one row per portfolio run: id, started, finished (NULL if the run was killed),
  versions, counts (inputs, analysed, cached, errors, duplicates), status.
- ``results`` — one row per analysed content (key): the report as compressed JSON, its labels,
  the annotated copy (DOCX bytes or HTML) as compressed bytes, or the error code and message.
- ``run_files`` — which file (path, doc name) of which run used which result, and how
  (``analysed``, ``cached``, ``error``, ``duplicate``, ``skipped``: not read, with the reason).
- ``contracts``, ``findings``, ``obligations``, ``clauses``, ``notices`` — the rows of
  :mod:`analyzer.frames` per result key, so that a notebook gets DataFrames without unpacking JSON.
- ``reviews`` — reviewers' decisions (accept / override a finding), keyed by document sha256 +
  requirement, never deleted (the latest row per key counts); see :mod:`analyzer.review`.

Reopen a past run from a notebook without re-analysing::

    from analyzer.store import open_store
    store = open_store("review/results.sqlite")
    store.runs()                      # DataFrame of runs
    frames = store.frames()           # latest run: contracts, findings, obligations, clauses, errors
    store.diff()                      # what changed between the last two runs
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import sqlite3
import weakref
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analyzer.errors import AnalyzerError
from analyzer.frames import ErrorRow, ReportRows, RowTuples, row_tuples, to_frame
from analyzer.model import ContractReport
from analyzer.outputs.tables import TABLES, ColumnView
from analyzer.report import LABEL_KEYS, LABEL_REQUIREMENTS, from_dict

if TYPE_CHECKING:  # pandas (~0.4 s to import) is imported where a DataFrame is built
    import pandas as pd

    from analyzer.review import Decision, ReviewRow

log = logging.getLogger(__name__)

# 2: findings carry confidence and review; 3: obligations carry a deadline; 4: reviews;
# 5: obligations carry their beneficiary and the name of the bearer's party
SCHEMA_VERSION = "5"

# errors that say nothing lasting about a file's content (missing, locked, unreadable for now,
# changed or too slow to read during the run, stopped, crashed): never served from the store
TRANSIENT_CODES = frozenset(
    {"E103", "E104", "E106", "E107", "E111", "E113", "E114", "E500", "E501", "E502"}
)
CORRUPT_CODE = "E611"
OTHER_VERSION_CODE = "E612"

# {table: columns} of the output tables (analyzer.outputs.tables.TABLES), read at each access
ROW_TABLES = ColumnView()

_BOOL_COLUMNS = ("outsourcing_like",) + tuple(
    k for k, (_req, kind) in LABEL_REQUIREMENTS.items() if kind == "bool"
)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def result_key(sha256: str, analyzer_version: str, patterns_version: str) -> str:
    return f"{sha256}:{analyzer_version}:{patterns_version}"


def pack(data: bytes | None) -> bytes | None:
    """A report or annotated copy as the store keeps it (zlib level 1: a third of level 6's
    time for ~20 % more bytes). Workers pack their results (``record_result(packed=True)``):
    the work is spread over them instead of falling on the one process that stores results,
    and 5-10x fewer bytes cross the pipe or the network."""
    return None if data is None else zlib.compress(data, 1)


def _unpack(blob: bytes | None) -> bytes | None:
    return None if blob is None else zlib.decompress(blob)


@dataclass(frozen=True)
class StoredResult:
    key: str
    ok: bool
    error_code: str | None
    error_message: str | None
    artifact_kind: str | None


class StoreError(AnalyzerError):
    code = "E610"


_NO_SPACE = ("disk is full", "disk i/o error")
_CORRUPT = ("malformed", "not a database", "encrypted")
_READ_ONLY = ("readonly", "read-only", "unable to open")


def store_failure(exc: BaseException, path: str | Path) -> AnalyzerError:
    """The coded error for a failure of SQLite (or of pandas reading through it) on the store."""
    text = str(exc).lower()
    if any(m in text for m in _NO_SPACE):
        from analyzer.errors import OutputError

        return OutputError(
            f"the disk is full (or over quota) while writing the results store ({exc}); free "
            "some space and run again: finished files are kept",
            path=str(path),
            code="E621",
        )
    if any(m in text for m in _CORRUPT):
        return StoreError(
            f"not a readable results store: it is damaged ({exc}); move it away (or delete it) "
            "and run again: "
            "every file will be analysed anew",
            path=str(path),
            code=CORRUPT_CODE,
        )
    if any(m in text for m in _READ_ONLY):
        from analyzer.errors import OutputError

        return OutputError(
            f"the results store cannot be written ({exc}); choose a writable --out or --store",
            path=str(path),
            code="E620",
        )
    return StoreError(f"the results store failed ({exc})", path=str(path))


class ResultStore:
    """An open results store. Use :func:`open_store`; close with :meth:`close` or ``with``."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._cursors: weakref.WeakSet[sqlite3.Cursor] = weakref.WeakSet()
        if readonly and not self.path.is_file():
            raise StoreError(
                "no results store here; run `analyzer portfolio` first", path=str(path)
            )
        if not readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if readonly:
                uri = f"file:{self.path.resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, timeout=30)
                self._check_schema()
            else:
                self.conn = sqlite3.connect(self.path, timeout=30)
                self._check_schema()
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
                self._create()
        except sqlite3.DatabaseError as exc:
            with contextlib.suppress(AttributeError, sqlite3.Error):
                self.conn.close()
            if "no such table" in str(exc):
                raise StoreError(
                    f"not a readable results store ({exc})", path=str(path), code=OTHER_VERSION_CODE
                ) from None
            raise store_failure(exc, path) from None
        except StoreError:
            self.conn.close()
            raise

    def _check_schema(self) -> None:
        """Refuse a store another version of the analyzer made (or another program's database):
        its tables would not take this version's rows."""
        tables = {
            name
            for (name,) in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if not tables and not self.readonly:
            return  # a new store
        found = None
        if "meta" in tables:
            row = self.conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            found = row[0] if row else None
        if found != SCHEMA_VERSION:
            what = (
                f"made by another version of the analyzer (store schema {found}, this version "
                f"reads {SCHEMA_VERSION})"
                if found is not None
                else "not an analyzer results store"
            )
            raise StoreError(
                f"{what}; use a new --out or --store, or the analyzer version that made it",
                path=str(self.path),
                code=OTHER_VERSION_CODE,
            )

    # -- schema -----------------------------------------------------------------------------

    def _create(self) -> None:
        with self.conn:
            self.conn.executescript(
                """
                CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
                CREATE TABLE IF NOT EXISTS runs(
                    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
                    started TEXT NOT NULL, finished TEXT,
                    analyzer_version TEXT, patterns_version TEXT,
                    inputs INTEGER DEFAULT 0, analysed INTEGER DEFAULT 0,
                    cached INTEGER DEFAULT 0, errors INTEGER DEFAULT 0,
                    duplicates INTEGER DEFAULT 0, status TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS results(
                    key TEXT PRIMARY KEY, sha256 TEXT NOT NULL,
                    analyzer_version TEXT, patterns_version TEXT,
                    ok INTEGER NOT NULL, error_code TEXT, error_message TEXT,
                    report BLOB, labels TEXT, artifact BLOB, artifact_kind TEXT,
                    seconds REAL, created TEXT);
                CREATE TABLE IF NOT EXISTS run_files(
                    run_id INTEGER NOT NULL, path TEXT NOT NULL, doc TEXT NOT NULL,
                    sha256 TEXT, key TEXT, outcome TEXT NOT NULL,
                    error_code TEXT, error_message TEXT,
                    PRIMARY KEY(run_id, path));
                CREATE TABLE IF NOT EXISTS reviews(
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sha256 TEXT NOT NULL, requirement TEXT NOT NULL, doc TEXT NOT NULL,
                    status TEXT NOT NULL, value TEXT,
                    machine_status TEXT, machine_value TEXT,
                    reviewer TEXT NOT NULL, reviewed_at TEXT NOT NULL, note TEXT);
                CREATE INDEX IF NOT EXISTS reviews_key ON reviews(sha256, requirement);
                """
            )
            # rows are read back in (doc, path) order: with this index SQLite needs no sort
            self.conn.execute(
                "CREATE INDEX IF NOT EXISTS run_files_order ON run_files(run_id, doc, path)"
            )
            for table, columns in ROW_TABLES.items():
                cols = ", ".join(_q(c) for c in columns)
                self.conn.execute(f"CREATE TABLE IF NOT EXISTS {table}(key TEXT NOT NULL, {cols})")
                self.conn.execute(f"CREATE INDEX IF NOT EXISTS {table}_key ON {table}(key)")
            self.conn.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,)
            )

    def close(self) -> None:
        # a row stream left half read (its reader stopped by an error or a signal) keeps a
        # statement open, and SQLite would keep the connection (and its hold on the write-ahead
        # log) alive until the process ends: close those first
        for cur in list(self._cursors):
            cur.close()
        self.conn.close()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing (parent process only) -----------------------------------------------------------

    def start_run(self, analyzer_version: str, patterns_version: str) -> int:
        with self.conn:
            cur = self.conn.execute(
                "INSERT INTO runs(started, analyzer_version, patterns_version, status) "
                "VALUES (?, ?, ?, 'running')",
                (_now(), analyzer_version, patterns_version),
            )
        assert cur.lastrowid is not None
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, status: str = "completed") -> dict[str, int]:
        counts = self.run_counts(run_id)
        with self.conn:
            self.conn.execute(
                "UPDATE runs SET finished=?, status=?, inputs=?, analysed=?, cached=?, errors=?, "
                "duplicates=? WHERE run_id=?",
                (
                    _now(),
                    status,
                    counts["inputs"],
                    counts["analysed"],
                    counts["cached"],
                    counts["errors"],
                    counts["duplicates"],
                    run_id,
                ),
            )
        return counts

    def run_counts(self, run_id: int) -> dict[str, int]:
        rows = dict(
            self.conn.execute(
                "SELECT outcome, COUNT(*) FROM run_files WHERE run_id=? GROUP BY outcome", (run_id,)
            ).fetchall()
        )
        return {
            "inputs": sum(n for outcome, n in rows.items() if outcome != "skipped"),
            "analysed": rows.get("analysed", 0),
            "cached": rows.get("cached", 0),
            "errors": rows.get("error", 0),
            "duplicates": rows.get("duplicate", 0),
            "skipped": rows.get("skipped", 0),
        }

    def set_status(self, run_id: int, status: str) -> None:
        """Change a finished run's status (e.g. ``interrupted`` while its outputs were written)."""
        with self.conn:
            self.conn.execute("UPDATE runs SET status=? WHERE run_id=?", (status, run_id))

    def previous_names(self) -> dict[str, str]:
        """path → the contract name it had in the latest run that saw it (for stable names)."""
        return dict(
            self.conn.execute(
                "SELECT path, doc FROM run_files WHERE outcome != 'skipped' AND "
                "(path, run_id) IN (SELECT path, MAX(run_id) FROM run_files GROUP BY path)"
            ).fetchall()
        )

    def run_fingerprint(self, run_id: int) -> str:
        """A hash of which files used which results in a run, and of the reviewers' decisions
        (equal runs with the same decisions, equal outputs: a new decision rewrites them)."""
        h = hashlib.sha256()
        for row in self.conn.execute(
            "SELECT path, doc, key, CASE outcome WHEN 'cached' THEN 'analysed' ELSE outcome END, "
            "error_code FROM run_files WHERE run_id=? ORDER BY path",
            (run_id,),
        ):
            h.update(json.dumps(row).encode())
        h.update(
            json.dumps(
                self.conn.execute("SELECT count(*), max(id) FROM reviews").fetchone()
            ).encode()
        )
        return h.hexdigest()

    def lookup(self, key: str) -> StoredResult | None:
        """The stored result for ``key``; None when there is none or when it is an error that
        says nothing lasting about the content (:data:`TRANSIENT_CODES`: tried again)."""
        row = self.conn.execute(
            "SELECT key, ok, error_code, error_message, artifact_kind FROM results WHERE key=?",
            (key,),
        ).fetchone()
        if row is None or (not row[1] and row[2] in TRANSIENT_CODES):
            return None
        return StoredResult(row[0], bool(row[1]), row[2], row[3], row[4])

    def record_file(
        self,
        run_id: int,
        *,
        path: str,
        doc: str,
        sha256: str | None,
        key: str | None,
        outcome: str,
        error_code: str | None = None,
        error_message: str | None = None,
    ) -> None:
        """Note that a file of this run used a result (cached, duplicate, or not cacheable)."""
        with self.conn:
            self._run_file(run_id, path, doc, sha256, key, outcome, error_code, error_message)

    def _run_file(
        self,
        run_id: int,
        path: str,
        doc: str,
        sha256: str | None,
        key: str | None,
        outcome: str,
        error_code: str | None,
        error_message: str | None,
    ) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO run_files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (run_id, path, doc, sha256, key, outcome, error_code, error_message),
        )

    def record_result(
        self,
        run_id: int,
        *,
        path: str,
        doc: str,
        key: str,
        sha256: str,
        versions: tuple[str, str],
        report_json: bytes | None,
        rows: ReportRows | RowTuples | None,
        artifact: bytes | None = None,
        artifact_kind: str | None = None,
        error_code: str | None = None,
        error_message: str | None = None,
        seconds: float | None = None,
        cache: bool = True,
        packed: bool = False,
    ) -> None:
        """Store one analysed file (or its error) and commit — one transaction per result.
        ``packed``: ``report_json`` and ``artifact`` are already :func:`pack`-ed."""
        ok = report_json is not None
        with self.conn:
            if cache:
                self._store(
                    key,
                    sha256,
                    versions,
                    report_json,
                    rows,
                    artifact,
                    artifact_kind,
                    error_code,
                    error_message,
                    seconds,
                    packed,
                )
            self._run_file(
                run_id,
                path,
                doc,
                sha256,
                key if cache else None,
                "analysed" if ok else "error",
                error_code,
                error_message,
            )

    def store_result(
        self,
        *,
        key: str,
        sha256: str,
        versions: tuple[str, str],
        report_json: bytes | None,
        rows: ReportRows | RowTuples | None,
        artifact: bytes | None = None,
        artifact_kind: str | None = None,
        error_code: str | None = None,
        error_message: str | None = None,
        seconds: float | None = None,
        packed: bool = False,
    ) -> None:
        """Keep a result for later runs without using it in a run (the bytes a worker read were
        not those the run hashed: they changed meanwhile)."""
        with self.conn:
            self._store(
                key,
                sha256,
                versions,
                report_json,
                rows,
                artifact,
                artifact_kind,
                error_code,
                error_message,
                seconds,
                packed,
            )

    def _store(
        self,
        key: str,
        sha256: str,
        versions: tuple[str, str],
        report_json: bytes | None,
        rows: ReportRows | RowTuples | None,
        artifact: bytes | None,
        artifact_kind: str | None,
        error_code: str | None,
        error_message: str | None,
        seconds: float | None,
        packed: bool,
    ) -> None:
        self._delete_rows(key)
        labels = None
        if rows is not None:
            if isinstance(rows, ReportRows):
                rows = row_tuples(rows)
            labels = json.dumps(dict(rows.labels), ensure_ascii=False)
        self.conn.execute(
            "INSERT OR REPLACE INTO results VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                key,
                sha256,
                versions[0],
                versions[1],
                int(report_json is not None),
                error_code,
                error_message,
                report_json if packed else pack(report_json),
                labels,
                artifact if packed else pack(artifact),
                artifact_kind,
                seconds,
                _now(),
            ),
        )
        if rows is not None:
            self._insert_rows(key, rows)

    def set_artifact(self, key: str, artifact: bytes, kind: str) -> None:
        with self.conn:
            self.conn.execute(
                "UPDATE results SET artifact=?, artifact_kind=? WHERE key=?",
                (pack(artifact), kind, key),
            )

    def _delete_rows(self, key: str) -> None:
        for table in ROW_TABLES:
            self.conn.execute(f"DELETE FROM {table} WHERE key=?", (key,))

    def _insert_rows(self, key: str, rows: RowTuples) -> None:
        for table, columns in ROW_TABLES.items():
            items: tuple[tuple[Any, ...], ...] = rows.tables.get(table, ())
            if not items:
                continue
            marks = ", ".join("?" for _ in range(len(columns) + 1))
            self.conn.executemany(
                f"INSERT INTO {table} VALUES ({marks})", [(key, *item) for item in items]
            )

    # -- reading ----------------------------------------------------------------------------

    def runs(self) -> pd.DataFrame:
        """All runs, oldest first."""
        import pandas as pd

        return pd.read_sql_query("SELECT * FROM runs ORDER BY run_id", self.conn)

    def latest_run(self, *, completed: bool = False) -> int | None:
        sql = "SELECT MAX(run_id) FROM runs"
        if completed:
            sql += " WHERE status='completed'"
        row = self.conn.execute(sql).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def _run(self, run_id: int | None) -> int:
        rid = run_id if run_id is not None else self.latest_run()
        if rid is None:
            raise StoreError("the results store holds no runs yet", path=str(self.path))
        return rid

    def _rows_sql(
        self, table: str, run_id: int | None, where: str = "", csv_safe: bool = False
    ) -> tuple[str, int]:
        rid = self._run(run_id)
        columns = ROW_TABLES[table]
        values = [
            "rf.doc" if c == "doc" else ("rf.path" if c == "path" else f"t.{_q(c)}")
            for c in columns
        ]
        if csv_safe:
            values = [_csv_safe(v, c) for v, c in zip(values, columns, strict=True)]
        select = ", ".join(f"{v} AS {_q(c)}" for v, c in zip(values, columns, strict=True))
        sql = (
            f"SELECT {select} FROM run_files rf JOIN {table} t ON t.key = rf.key "
            f"WHERE rf.run_id = ? AND rf.outcome IN ('analysed', 'cached') {where}"
            "ORDER BY rf.doc, rf.path, t.rowid"
        )
        return sql, rid

    @staticmethod
    def _typed(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
        frame = frame.reindex(columns=list(columns))
        for col in _BOOL_COLUMNS:
            if col in frame.columns:
                frame[col] = frame[col].map(lambda v: None if v is None else bool(v))
        return frame

    def _rows(self, table: str, run_id: int | None) -> pd.DataFrame:
        import pandas as pd

        sql, rid = self._rows_sql(table, run_id)
        frame = pd.read_sql_query(sql, self.conn, params=(rid,))
        return self._typed(frame, ROW_TABLES[table])

    def iter_rows(
        self,
        table: str,
        run_id: int | None = None,
        *,
        chunksize: int = 20_000,
        topics: frozenset[str] | None = None,
        tagged: bool = False,
    ) -> Iterator[pd.DataFrame]:
        """A row table of a run in DataFrame chunks (fixed columns), so that large portfolios
        are written out without holding every row in memory. ``topics`` keeps obligations with
        one of these topics; ``tagged`` keeps clauses with at least one tag."""
        import pandas as pd

        sql, rid = self._rows_sql(table, run_id, _row_filter(topics, tagged))
        columns = ROW_TABLES[table]
        empty = True
        for chunk in pd.read_sql_query(sql, self.conn, params=(rid,), chunksize=chunksize):
            empty = False
            yield self._typed(chunk, columns)
        if empty:
            yield self._typed(pd.DataFrame(columns=list(columns)), columns)

    def iter_tuples(
        self,
        table: str,
        run_id: int | None = None,
        *,
        batch: int = 5_000,
        topics: frozenset[str] | None = None,
        tagged: bool = False,
        csv_safe: bool = False,
    ) -> Iterator[list[tuple[Any, ...]]]:
        """The rows of :meth:`iter_rows` as plain tuples in ``ROW_TABLES[table]`` column order,
        in lists of up to ``batch`` rows: what the CSV and workbook writers stream, without the
        cost of building DataFrames. Same values as :meth:`iter_rows` (label columns as
        ``bool``), except that whole numbers stay ``int`` where a DataFrame chunk with a missing
        value turns its column into floats. ``csv_safe``: text that a spreadsheet would run as a
        formula gets a leading ``'`` (see :func:`_csv_safe`)."""
        sql, rid = self._rows_sql(table, run_id, _row_filter(topics, tagged), csv_safe)
        columns = ROW_TABLES[table]
        flags = [i for i, c in enumerate(columns) if c in _BOOL_COLUMNS]
        cur = self.conn.execute(sql, (rid,))
        self._cursors.add(cur)
        try:
            while rows := cur.fetchmany(batch):
                if flags:
                    rows = [_with_bools(row, flags) for row in rows]
                yield rows
        finally:
            with contextlib.suppress(sqlite3.ProgrammingError):  # the store was closed first
                cur.close()

    def count_rows(
        self,
        table: str,
        run_id: int | None = None,
        *,
        topics: frozenset[str] | None = None,
        tagged: bool = False,
        limit: int | None = None,
    ) -> int:
        """How many rows :meth:`iter_rows` yields with the same arguments (at most ``limit``:
        counting stops there)."""
        rid = self._run(run_id)
        if table not in ROW_TABLES:
            raise ValueError(f"no such row table: {table}")
        sql = (
            f"SELECT 1 FROM run_files rf JOIN {table} t ON t.key = rf.key "
            "WHERE rf.run_id = ? AND rf.outcome IN ('analysed', 'cached') "
            f"{_row_filter(topics, tagged)}LIMIT ?"
        )
        found = self.conn.execute(f"SELECT COUNT(*) FROM ({sql})", (rid, limit or -1))
        return int(found.fetchone()[0])

    def columns(
        self, table: str, columns: tuple[str, ...], run_id: int | None = None
    ) -> pd.DataFrame:
        """Some columns of a row table of a run (e.g. what the charts and summary need), in the
        same row order as :meth:`iter_rows`: far less memory than the whole table."""
        import pandas as pd

        sql, rid = self._rows_sql(table, run_id)
        unknown = set(columns) - set(ROW_TABLES[table])
        if unknown:
            raise ValueError(f"no such columns in {table}: {sorted(unknown)}")
        sql = f"SELECT {', '.join(_q(c) for c in columns)} FROM ({sql})"
        frame = pd.read_sql_query(sql, self.conn, params=(rid,))
        return self._typed(frame, columns)

    def obligation_role_counts(self, run_id: int | None = None) -> pd.DataFrame:
        """``role, modality, count`` of a run's obligations, counted in SQL (for the role chart)."""
        import pandas as pd

        rid = self._run(run_id)
        return pd.read_sql_query(
            "SELECT t.role AS role, t.modality AS modality, COUNT(*) AS count FROM run_files rf "
            "JOIN obligations t ON t.key = rf.key "
            "WHERE rf.run_id = ? AND rf.outcome IN ('analysed', 'cached') "
            "GROUP BY t.role, t.modality ORDER BY t.role, t.modality",
            self.conn,
            params=(rid,),
        )

    def obligation_roles(self, run_id: int | None = None) -> pd.DataFrame:
        """``doc, role, modality`` of every obligation of a run (what the role chart needs)."""
        import pandas as pd

        rid = self._run(run_id)
        return pd.read_sql_query(
            "SELECT rf.doc AS doc, t.role AS role, t.modality AS modality FROM run_files rf "
            "JOIN obligations t ON t.key = rf.key "
            "WHERE rf.run_id = ? AND rf.outcome IN ('analysed', 'cached')",
            self.conn,
            params=(rid,),
        )

    def contracts(self, run_id: int | None = None) -> pd.DataFrame:
        return self._rows("contracts", run_id)

    def findings(self, run_id: int | None = None) -> pd.DataFrame:
        return self._rows("findings", run_id)

    def obligations(self, run_id: int | None = None) -> pd.DataFrame:
        return self._rows("obligations", run_id)

    def clauses(self, run_id: int | None = None) -> pd.DataFrame:
        return self._rows("clauses", run_id)

    def errors(self, run_id: int | None = None) -> pd.DataFrame:
        """Per-file errors, duplicates and skipped files of the run, then the warnings of
        analysed files."""
        import pandas as pd

        rid = self._run(run_id)
        rows = []
        for path, doc, sha, outcome, code, message in self.conn.execute(
            "SELECT path, doc, sha256, outcome, error_code, error_message FROM run_files "
            "WHERE run_id=? AND outcome IN ('error', 'duplicate', 'skipped') ORDER BY doc, path",
            (rid,),
        ):
            kind = outcome
            rows.append(ErrorRow(doc, path, sha, kind, code or "", message or ""))
        errors = to_frame(rows, ErrorRow)
        notices = self._rows("notices", rid)
        return pd.concat([errors, notices], ignore_index=True) if len(notices) else errors

    def frames(self, run_id: int | None = None) -> dict[str, pd.DataFrame]:
        """One DataFrame per output table of one run (``contracts``, ``findings``,
        ``obligations``, ``clauses``: :data:`analyzer.outputs.tables.TABLES`), and ``errors``."""
        rid = self._run(run_id)
        out = {name: self._rows(name, rid) for name, t in list(TABLES.items()) if t.frame}
        out["errors"] = self.errors(rid)
        return out

    def issue_candidates(self, run_id: int) -> Iterator[tuple[Any, ...]]:
        """Per finding of a run, what the Issues sheet (:mod:`analyzer.issues`) needs: ``doc,
        client, provider, requirement, status, value, confidence, review, quote, clause, page,
        paragraph, recommendation_en, recommendation_zh, sha256, explanation``, contract by
        contract in article order."""
        return iter(
            self.conn.execute(
                "SELECT rf.doc, c.client, c.provider, t.requirement, t.status, t.value, "
                "t.confidence, t.review, t.quote, t.clause, t.page, t.paragraph, "
                "t.recommendation_en, t.recommendation_zh, rf.sha256, t.explanation "
                "FROM run_files rf JOIN findings t ON t.key = rf.key "
                "LEFT JOIN contracts c ON c.key = rf.key "
                "WHERE rf.run_id = ? AND rf.outcome IN ('analysed', 'cached') "
                "ORDER BY rf.doc, rf.path, t.article, t.rowid",
                (run_id,),
            )
        )

    # -- what analyzer.review reads and writes ----------------------------------------------

    def run_file_rows(self, run_id: int) -> list[tuple[Any, ...]]:
        """``doc, path, outcome, sha256, key`` of every file of a run that is not skipped."""
        return self.conn.execute(
            "SELECT doc, path, outcome, sha256, key FROM run_files "
            "WHERE run_id=? AND outcome != 'skipped' ORDER BY doc, path",
            (run_id,),
        ).fetchall()

    def finding_digest(self, run_id: int, doc: str | None = None) -> Iterator[tuple[Any, ...]]:
        """``doc, path, sha256, key, requirement, status, value, quote`` of every finding of a
        run's analysed contracts (or of one contract), in row order."""
        sql = (
            "SELECT rf.doc, rf.path, rf.sha256, rf.key, f.requirement, f.status, f.value, "
            "f.quote FROM run_files rf JOIN findings f ON f.key = rf.key "
            "WHERE rf.run_id=? AND rf.outcome IN ('analysed', 'cached') "
        )
        params: tuple[Any, ...] = (run_id,)
        if doc is not None:
            sql += "AND rf.doc=? "
            params += (doc,)
        return iter(self.conn.execute(sql + "ORDER BY rf.doc, rf.path, f.rowid", params))

    def contract_parties(self, run_id: int) -> Iterator[tuple[Any, ...]]:
        """``doc, outsourcing_like, provider, client`` of a run's analysed contracts."""
        return iter(
            self.conn.execute(
                "SELECT rf.doc, c.outsourcing_like, c.provider, c.client FROM run_files rf "
                "JOIN contracts c ON c.key = rf.key WHERE rf.run_id=? AND rf.outcome IN "
                "('analysed', 'cached')",
                (run_id,),
            )
        )

    def has_reviews(self) -> bool:
        return self.conn.execute("SELECT 1 FROM reviews LIMIT 1").fetchone() is not None

    def review_rows(self) -> Iterator[tuple[Any, ...]]:
        """Every reviewer's decision, oldest first: ``id, sha256, requirement, doc, status,
        value, machine_status, machine_value, reviewer, reviewed_at, note``."""
        return iter(
            self.conn.execute(
                "SELECT id, sha256, requirement, doc, status, value, machine_status, "
                "machine_value, reviewer, reviewed_at, note FROM reviews ORDER BY id"
            )
        )

    def add_review(self, row: tuple[Any, ...]) -> None:
        """Record one decision (``sha256, requirement, doc, status, value, machine_status,
        machine_value, reviewer, reviewed_at, note``) and commit."""
        with self.conn:
            self.conn.execute(
                "INSERT INTO reviews(sha256, requirement, doc, status, value, machine_status, "
                "machine_value, reviewer, reviewed_at, note) VALUES (?,?,?,?,?,?,?,?,?,?)",
                row,
            )

    def succeeded(self, run_id: int) -> int:
        """How many files of a run have a report (analysed now or cached)."""
        found = self.conn.execute(
            "SELECT COUNT(*) FROM run_files rf JOIN results r ON r.key = rf.key "
            "WHERE rf.run_id=? AND r.ok=1 AND rf.outcome IN ('analysed','cached')",
            (run_id,),
        ).fetchone()
        return int(found[0])

    def total_rows(self, tables: tuple[str, ...], run_id: int) -> int:
        """How many rows the given row tables hold for a run (what the outputs will write)."""
        n = 0
        for table in tables:
            if table not in ROW_TABLES:
                raise ValueError(f"no such row table: {table}")
            n += self.conn.execute(
                f"SELECT COUNT(*) FROM run_files rf JOIN {table} t ON t.key = rf.key "
                "WHERE rf.run_id = ? AND rf.outcome IN ('analysed', 'cached')",
                (run_id,),
            ).fetchone()[0]
        return int(n)

    def report(self, doc: str, run_id: int | None = None) -> ContractReport:
        """The full ContractReport of one contract (by doc name) of a run."""
        rid = self._run(run_id)
        row = self.conn.execute(
            "SELECT r.report FROM run_files rf JOIN results r ON r.key = rf.key "
            "WHERE rf.run_id=? AND rf.doc=? AND r.ok=1",
            (rid, doc),
        ).fetchone()
        if row is None:
            raise StoreError(
                f"no analysed contract named {doc!r} in run {rid}", path=str(self.path)
            )
        return report_from_blob(row[0])

    def iter_reports(self, run_id: int | None = None) -> Iterator[tuple[str, str, ContractReport]]:
        """``(doc, path, report)`` of each analysed contract of a run, one at a time."""
        rid = self._run(run_id)
        cur = self.conn.execute(
            "SELECT rf.doc, rf.path, r.key FROM run_files rf JOIN results r ON r.key = rf.key "
            "WHERE rf.run_id=? AND r.ok=1 AND rf.outcome IN ('analysed','cached') "
            "ORDER BY rf.doc, rf.path",
            (rid,),
        )
        for doc, path, key in cur.fetchall():
            blob = self.conn.execute("SELECT report FROM results WHERE key=?", (key,)).fetchone()
            yield doc, path, report_from_blob(blob[0])

    def labels(self, run_id: int | None = None) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """``(doc, path, labels)`` per analysed contract of a run, in doc order."""
        rid = self._run(run_id)
        for doc, path, labels in self.conn.execute(
            "SELECT rf.doc, rf.path, r.labels FROM run_files rf JOIN results r ON r.key = rf.key "
            "WHERE rf.run_id=? AND r.ok=1 AND rf.outcome IN ('analysed','cached') "
            "ORDER BY rf.doc, rf.path",
            (rid,),
        ):
            yield doc, path, json.loads(labels)

    def label_trust(
        self, run_id: int | None = None
    ) -> dict[str, tuple[dict[str, float], list[str]]]:
        """doc → ({label: confidence}, [labels marked for a lawyer's check]) of a run."""
        from analyzer.report import LABEL_REQUIREMENTS

        label_of = {req: label for label, (req, _kind) in LABEL_REQUIREMENTS.items()}
        rid = self._run(run_id)
        out: dict[str, tuple[dict[str, float], list[str]]] = {}
        for doc, req, conf, review in self.conn.execute(
            "SELECT rf.doc, f.requirement, f.confidence, f.review FROM run_files rf "
            "JOIN findings f ON f.key = rf.key WHERE rf.run_id=? "
            "AND rf.outcome IN ('analysed','cached') ORDER BY rf.doc, f.rowid",
            (rid,),
        ):
            label = label_of.get(req)
            if label is None:
                continue
            confidence, review_list = out.setdefault(doc, ({}, []))
            if conf is not None:
                confidence[label] = conf
            if review and label not in review_list:
                review_list.append(label)
        return out

    def artifact_index(self, run_id: int | None = None) -> list[tuple[str, str, str]]:
        """``(doc, path, kind)`` of each stored annotated copy of a run."""
        rid = self._run(run_id)
        return [
            (doc, path, kind)
            for doc, path, kind in self.conn.execute(
                "SELECT rf.doc, rf.path, r.artifact_kind FROM run_files rf "
                "JOIN results r ON r.key = rf.key WHERE rf.run_id=? AND r.ok=1 "
                "AND r.artifact IS NOT NULL AND rf.outcome IN ('analysed','cached') "
                "ORDER BY rf.path",
                (rid,),
            )
        ]

    def artifacts(self, run_id: int | None = None) -> Iterator[tuple[str, str, str, str, bytes]]:
        """``(doc, path, sha256, kind, bytes)`` of each stored annotated copy of a run."""
        rid = self._run(run_id)
        cur = self.conn.execute(
            "SELECT rf.doc, rf.path, r.sha256, r.key FROM run_files rf "
            "JOIN results r ON r.key = rf.key WHERE rf.run_id=? AND r.ok=1 "
            "AND r.artifact IS NOT NULL AND rf.outcome IN ('analysed','cached') ORDER BY rf.path",
            (rid,),
        )
        for doc, path, sha, key in cur.fetchall():
            kind, blob = self.conn.execute(
                "SELECT artifact_kind, artifact FROM results WHERE key=?", (key,)
            ).fetchone()
            data = _unpack(blob)
            if data is not None:
                yield doc, path, sha, kind, data

    def diff(self, old_run: int | None = None, new_run: int | None = None) -> pd.DataFrame:
        """How the portfolio changed between two runs (default: the last two; empty if only one).

        One row per change: ``doc, item, before, after, change``: ``item`` is ``"contract"``
        (``change`` = ``added`` / ``removed``), a label key (``changed``: its value changed) or a
        requirement id (``status``: the finding's status changed).
        """
        import pandas as pd

        ids = [int(r) for r in self.runs()["run_id"]]
        if new_run is None:
            new_run = ids[-1] if ids else None
        if old_run is None and new_run is not None:
            older = [r for r in ids if r < new_run]
            old_run = older[-1] if older else None
        columns = ["doc", "item", "before", "after", "change"]
        if new_run is None or old_run is None:  # nothing to compare with
            return pd.DataFrame(columns=columns, dtype=object)
        new = {doc: labels for doc, _p, labels in self.labels(new_run)}
        old = {doc: labels for doc, _p, labels in self.labels(old_run)}
        rows: list[tuple[str, str, Any, Any, str]] = []
        for doc in sorted(set(old) | set(new)):
            if doc not in old:
                rows.append((doc, "contract", None, "analysed", "added"))
                continue
            if doc not in new:
                rows.append((doc, "contract", "analysed", None, "removed"))
                continue
            for key in LABEL_KEYS:
                a, b = old[doc].get(key), new[doc].get(key)
                if a != b:
                    rows.append((doc, key, a, b, "changed"))
        # finding statuses (they also cover requirements without a label, e.g. Art. 7-9)
        old_st, new_st = self._statuses(old_run), self._statuses(new_run)
        for doc in sorted(set(old) & set(new)):
            a_st, b_st = old_st.get(doc, {}), new_st.get(doc, {})
            for req in sorted(set(a_st) | set(b_st)):
                if a_st.get(req) != b_st.get(req):
                    rows.append((doc, req, a_st.get(req), b_st.get(req), "status"))
        return pd.DataFrame(rows, columns=columns, dtype=object)

    # -- reviewer decisions (analyzer.review) ------------------------------------------------

    def review(self, doc: str, requirement: str, **kwargs: Any) -> Decision:
        """Record a reviewer's decision: :func:`analyzer.review.set_review` on this store."""
        from analyzer.review import set_review

        return set_review(self, doc, requirement, **kwargs)

    def reviews(self, doc: str | None = None, run_id: int | None = None) -> list[ReviewRow]:
        """The decisions on a run's contracts: :func:`analyzer.review.list_reviews`."""
        from analyzer.review import list_reviews

        return list_reviews(self, doc, run_id)

    def _statuses(self, run_id: int) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for doc, req, status in self.conn.execute(
            "SELECT rf.doc, f.requirement, f.status FROM run_files rf "
            "JOIN findings f ON f.key = rf.key "
            "WHERE rf.run_id=? AND rf.outcome IN ('analysed','cached')",
            (run_id,),
        ):
            out.setdefault(doc, {})[req] = status
        return out


# what a spreadsheet reads as the start of a formula in a CSV cell (OWASP, "CSV Injection")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_CODES = ", ".join(str(ord(c)) for c in FORMULA_STARTS)
# columns that never hold free text: numbers, flags and our own hex hashes (no check needed)
_NOT_TEXT = frozenset(
    {
        "sha256",
        "pages",
        "characters",
        "outsourcing_like",
        "findings",
        "met",
        "partial",
        "missing",
        "flag",
        "not_applicable",
        "analysis_seconds",
        "article",
        "start",
        "end",
        "page",
        "paragraph",
        "evidence_count",
        "level",
    }
    | set(_BOOL_COLUMNS)
)


def _csv_safe(value: str, column: str) -> str:
    """SQL for ``value`` with a ``'`` in front when it is text starting like a formula (numbers,
    negative ones included, are left alone); done by SQLite, so the CSV writer pays nothing."""
    if column in _NOT_TEXT:
        return value
    quote = "'" * 4  # the SQL literal of one single quote
    return (
        f"(CASE WHEN typeof({value}) = 'text' AND unicode({value}) IN ({_FORMULA_CODES}) "
        f"THEN {quote} || {value} ELSE {value} END)"
    )


def _row_filter(topics: frozenset[str] | None, tagged: bool) -> str:
    """SQL conditions of :meth:`ResultStore.iter_rows`'s ``topics`` and ``tagged`` filters."""
    where = ""
    if topics:
        checks = " OR ".join(f"('; ' || t.topics || '; ') LIKE '%; {t}; %'" for t in sorted(topics))
        where = f"AND ({checks}) "
    if tagged:
        where += "AND t.tags != '' "
    return where


def _with_bools(row: tuple[Any, ...], flags: list[int]) -> tuple[Any, ...]:
    values = list(row)
    for i in flags:
        if values[i] is not None:
            values[i] = bool(values[i])
    return tuple(values)


def report_from_blob(blob: bytes) -> ContractReport:
    data = _unpack(blob)
    assert data is not None
    return from_dict(json.loads(data))


def release_wal(path: str | Path) -> None:
    """Fold the write-ahead log into the store and remove its ``-wal`` and ``-shm`` files, unless
    another connection still has the store open. SQLite does this when its last read-write
    connection closes; a read-only reader (the outputs, a notebook) leaves the two files behind."""
    try:
        conn = sqlite3.connect(path, timeout=1)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error as exc:  # busy or read-only: the files stay, the store is fine
        log.debug("write-ahead log left in place: %s", exc)


def open_store(path: str | Path, *, readonly: bool = True) -> ResultStore:
    """Open a results store (read-only by default, e.g. from a notebook)."""
    return ResultStore(path, readonly=readonly)
