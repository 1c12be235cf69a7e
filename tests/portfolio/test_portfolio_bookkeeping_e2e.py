"""Issue #14 end to end: one data room mixing every case, screened twice by the real command.

The folder holds contracts that share names in sub-folders, a long Chinese title, a licence
agreement beside README/CHANGELOG notes, hidden and Word lock files, names and text that start
like spreadsheet formulas, a 10 GB sparse file, a named pipe, links out of the folder (to a
"credentials" file and a folder), an earlier run's output folder, megabytes of "shall not ", a
DOCX with a remote template, tables nested too deep, clauses numbered six levels deep, an empty
file and a duplicate. ``analyzer portfolio`` runs on it twice (the second time after one
contract changed); after each run:

- every contract-type file is analysed or has a row saying why not;
- the input folder is byte-identical, and nothing is written outside ``--out``;
- the outputs agree with the results store (contracts, rows, annotated copies);
- no traceback, no temporary or staging files left.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
from openpyxl import load_workbook

from analyzer.outputs.write import _artifact_names
from analyzer.store import open_store

TESTS = Path(__file__).resolve().parent.parent  # tests/
ROOT = TESTS.parent
SAMPLES = ROOT / "sample_contracts" / "en"
GOOD_TXT = SAMPLES / "coastal_logistics_it_support.txt"
GOOD_DOCX = SAMPLES / "meridian_retail_app_development.docx"
LONG_ZH = ("华东数据科技软件开发外包服务合同" * 6)[:79]
ZH = (
    "技术服务合同\n甲方（发包方）：华东数据科技有限公司\n乙方（接包方）：江南软件服务有限公司\n"
    "第一条 乙方应对甲方提供的全部资料和信息严格保密，不得向任何第三方披露。\n"
    "第二条 乙方完成的技术成果的知识产权归甲方所有。\n"
)
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _docx(*paragraphs: str) -> bytes:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _patched(data: bytes, edit: dict[str, bytes | None], add: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for name in zin.namelist():
            new = edit.get(name)
            zout.writestr(name, new if new is not None else zin.read(name))
        for name, text in add.items():
            zout.writestr(name, text)
    return out.getvalue()


def _remote_template_docx() -> bytes:
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{RT}/attachedTemplate" Target="https://templates.invalid/legal.dotm" '
        'TargetMode="External"/></Relationships>'
    )
    base = _docx("SERVICES AGREEMENT", "The Supplier shall keep all data confidential.")
    return _patched(base, {}, {"word/_rels/settings.xml.rels": rels})


def _nested_docx(depth: int) -> bytes:
    base = _docx("SERVICES AGREEMENT", "The Supplier shall keep all data confidential.")
    inner = "<w:p><w:r><w:t>cell</w:t></w:r></w:p>"
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl><w:p/>"
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        xml = z.read("word/document.xml").decode()
    i = xml.index("<w:sectPr")
    return _patched(base, {"word/document.xml": (xml[:i] + inner + xml[i:]).encode()}, {})


def _build(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """The data room, a folder outside it, and what each entry must become: "contract", or the
    code of its row."""
    room = tmp_path / "data room"
    outside = tmp_path / "home"
    outside.mkdir()
    (outside / "credentials.txt").write_text("SECRET-TOKEN-4242\nThe Supplier shall.\n")
    (outside / "other contracts").mkdir()
    (outside / "other contracts" / "x.txt").write_text(GOOD_TXT.read_text())
    good = GOOD_TXT.read_text("utf-8")
    files: dict[str, bytes] = {
        "2025/msa.docx": GOOD_DOCX.read_bytes(),
        "2026/msa.docx": _docx("MASTER SERVICES AGREEMENT", *good.splitlines()[:40]),
        f"{LONG_ZH}.txt": ZH.encode(),
        "License Agreement - Acme Software.txt": good.encode(),
        "README.md": b"# How this data room is organised\n",
        "CHANGELOG.md": b"- signed versions added\n",
        ".hidden draft.txt": (good + "draft").encode(),
        "~$msa.docx": b"owner file of an open document",
        "=HYPERLINK(1).txt": ("=cmd|' /C calc'!A0\n@SUM(1)\n-1+1\n" + good).encode(),
        "repeated.txt": b'SERVICES AGREEMENT between Acme Ltd (the "Supplier") and Beta Inc (the '
        b'"Client").\n' + b"The Supplier shall not disclose it. " * 60_000,
        "remote template.docx": _remote_template_docx(),
        "nested tables.docx": _nested_docx(90),
        "deep clauses.txt": (
            b"SERVICES AGREEMENT\n1. Confidentiality\n1.1 A\n1.1.1 B\n1.1.1.1 C\n1.1.1.1.1 D\n"
            b"1.1.1.1.1.1 The Supplier shall not disclose any confidential information of the "
            b"Client to any third party.\n"
        ),
        "empty.txt": b"",
        "copy of license.txt": good.encode(),
        "old review/summary.md": b"# Portfolio review - run 1\n",
        "old review/.analyzer-outputs.json": b"{}",
        "old review/annotated/msa.html": b"<html>an earlier copy</html>",
    }
    for rel, data in files.items():
        path = room / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    with (room / "huge.txt").open("wb") as fh:
        fh.truncate(10 * 1024**3)
    os.mkfifo(room / "pipe.docx")
    os.symlink(outside / "credentials.txt", room / "notes.txt")
    os.symlink(outside / "other contracts", room / "more")
    expected = {
        "2025/msa.docx": "contract",
        "2026/msa.docx": "contract",
        f"{LONG_ZH}.txt": "contract",
        "License Agreement - Acme Software.txt": "contract",
        "=HYPERLINK(1).txt": "contract",
        "repeated.txt": "contract",
        "remote template.docx": "contract",
        "deep clauses.txt": "contract",
        "README.md": "W005",
        "CHANGELOG.md": "W005",
        ".hidden draft.txt": "W004",
        "~$msa.docx": "W004",
        "nested tables.docx": "E136",
        "empty.txt": "E110",
        "copy of license.txt": "W001",
        "old review": "W003",
        "huge.txt": "E130",
        "pipe.docx": "E104",
        "notes.txt": "W002",
        "more": "W002",
    }
    return room, outside, expected


def _snapshot(root: Path) -> dict[str, str]:
    out = {}
    for dirpath, dirs, names in os.walk(root):
        for name in dirs + names:
            p = Path(dirpath) / name
            rel = p.relative_to(root).as_posix()
            if p.is_symlink():
                out[rel] = "-> " + os.readlink(p)
            elif p.is_dir():
                out[rel] = "dir"
            elif p.is_file():
                st = p.stat()
                if st.st_size > 100 * 1024 * 1024:  # the sparse file: size and time
                    out[rel] = f"{st.st_size}:{st.st_mtime_ns}"
                else:
                    out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
            else:
                out[rel] = "special"
    return out


def _screen(room: Path, out: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analyzer.cli", "portfolio", str(room), "--out", str(out)]
        + ["--workers", "2", "--quiet", "--timeout", "240"],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _check_run(room: Path, out: Path, expected: dict[str, str], run: int) -> dict[str, str]:
    """Every expectation met and the outputs agree with the store; returns doc by path."""
    with open_store(out / "results.sqlite") as db:
        assert db.latest_run() == run
        frames = db.frames()
        artifacts = _artifact_names(db.artifact_index())
        counts = {t: db.count_rows(t) for t in ("findings", "obligations", "clauses")}
    contracts = frames["contracts"]
    errors = frames["errors"]
    by_path = {
        Path(p).relative_to(room).as_posix(): d
        for p, d in zip(contracts["path"], contracts["doc"], strict=True)
    }
    rows = {
        Path(p).relative_to(room).as_posix(): c
        for p, c, k in zip(errors["path"], errors["code"], errors["kind"], strict=True)
        if k != "warning"
    }
    for rel, want in expected.items():
        if want == "contract":
            assert rel in by_path and rel not in rows, (rel, rows.get(rel))
        else:
            assert rows.get(rel) == want, (rel, rows.get(rel))
    assert set(by_path) | set(rows) == set(expected)  # nothing else, nothing missing
    warnings = {
        (Path(p).name, c)
        for p, c, k in zip(errors["path"], errors["code"], errors["kind"], strict=True)
        if k == "warning"
    }
    assert ("repeated.txt", "obligations_capped") in warnings
    assert ("remote template.docx", "external_relationship") in warnings
    template = errors[errors["code"] == "external_relationship"]["message"].iloc[0]
    assert "https://templates.invalid/legal.dotm" in template
    deep = frames["findings"]
    clauses = set(deep[deep["doc"] == "deep clauses"]["clause"].dropna())
    assert "1.1.1.1.1.1" in clauses

    # the outputs are those of the store
    labels = [json.loads(line) for line in (out / "labels.jsonl").read_text("utf-8").splitlines()]
    assert [x["doc"] for x in labels] == list(contracts["doc"])
    for name, table in (
        ("findings.csv", "findings"),
        ("obligations.csv", "obligations"),
        ("clauses.csv", "clauses"),
    ):
        with (out / name).open(encoding="utf-8", newline="") as fh:
            rows_csv = list(csv.reader(fh))[1:]
        assert len(rows_csv) == counts[table], name
        for row in rows_csv:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
    copies = {
        p.relative_to(out / "annotated").as_posix()
        for p in (out / "annotated").rglob("*")
        if p.is_file()
    }
    assert copies == set(artifacts.values())
    assert len(copies) == len(contracts)
    book = load_workbook(out / "portfolio.xlsx", read_only=True)
    assert sum(1 for _ in book["Summary"].iter_rows()) == 1 + len(contracts)
    assert f"run {run}" in (out / "summary.md").read_text("utf-8")
    assert not list(out.rglob(".*.tmp*")) and not list(out.glob(".analyzer-staging-*"))
    for p in out.rglob("*"):
        assert p.resolve().is_relative_to(out.resolve()), p
    return by_path


def test_bookkeeping_e2e_mixed_data_room_screened_twice(tmp_path: Path) -> None:
    room, outside, expected = _build(tmp_path)
    out = tmp_path / "review"
    around = sorted(os.listdir(tmp_path))
    outside_before = _snapshot(outside)

    before = _snapshot(room)
    first = _screen(room, out, tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "Traceback" not in first.stdout + first.stderr
    assert _snapshot(room) == before  # input folder byte-identical
    assert sorted(os.listdir(tmp_path)) == sorted([*around, "review"])  # only --out is new
    assert _snapshot(outside) == outside_before
    names = _check_run(room, out, expected, 1)
    assert names["2025/msa.docx"] == "2025/msa" and names["2026/msa.docx"] == "2026/msa"
    assert not any(b"SECRET-TOKEN" in p.read_bytes() for p in out.rglob("*") if p.is_file())

    # one contract changes; the second run re-analyses it alone and keeps every name
    (room / "2026" / "msa.docx").write_bytes(
        _docx("MASTER SERVICES AGREEMENT (amended)", *GOOD_TXT.read_text().splitlines()[:60])
    )
    before = _snapshot(room)
    second = _screen(room, out, tmp_path)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "Traceback" not in second.stdout + second.stderr
    assert "1 analysed" in second.stdout and "7 unchanged" in second.stdout, second.stdout
    assert _snapshot(room) == before
    assert sorted(os.listdir(tmp_path)) == sorted([*around, "review"])
    assert _check_run(room, out, expected, 2) == names
    with open_store(out / "results.sqlite") as db:
        assert db.runs()["status"].tolist() == ["completed", "completed"]
        changed = db.diff()
    assert set(changed["doc"]) <= {"2026/msa"}
