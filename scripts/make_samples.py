"""Render the project's English sample contracts from their sources.

Each contract is written once, in ``scripts/sample_sources/<stem>.txt``, and rendered to its
target format (DOCX with real Word auto-numbering, PDF with a running header and footer, plain
text or Markdown) under ``sample_contracts/en/``. The output is deterministic: re-running the
script gives byte-identical files (fixed zip timestamps, fixed PDF dates).

Source format (one item per line, blank lines and ``#`` comments ignored)::

    key: value          front matter, up to a line "---" (stem, format, title, header, P, C,
                        and optionally wrap: N to hard-wrap plain text at N columns, and
                        revisions_by / deletions_by: DOCX revision authors)
    T text              title
    H text              unnumbered heading (restarts the clause numbering, e.g. a schedule)
    P text              plain paragraph
    1 text              level-0 numbered clause heading   ("1.")
    2 text              level-1 numbered sub-clause       ("1.1")
    3 text              level-2 numbered item             ("(a)")
    4 text              level-3 numbered item             ("(i)")
    -2 text             a numbered item deleted as a tracked change (DOCX), any level
    S left || right     one row of the signature table
    @ name              include scripts/sample_sources/_fragments/name.txt

Inside any text, ``[+words+]`` is a tracked insertion and ``[-words-]`` a tracked deletion. The
DOCX shows them as Word revisions (w:ins / w:del); the other formats, and the reference text the
tests use, show the text with every change accepted.

``{P}`` / ``{C}`` are replaced by the provider's / client's defined term from the front matter;
``{P!}`` / ``{C!}`` capitalise the first letter (sentence start).

Usage: ``python scripts/make_samples.py [--out DIR]`` (default: sample_contracts/en).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import itertools
import re
import textwrap
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = Path(__file__).resolve().parent / "sample_sources"
FRAGMENTS = SOURCES / "_fragments"
DEFAULT_OUT = ROOT / "sample_contracts" / "en"

FORMATS = ("docx", "pdf", "txt", "md")
FIXED_DATE = dt.datetime(2026, 1, 15, 9, 0, 0, tzinfo=dt.UTC)
ZIP_DATE = (2026, 1, 15, 9, 0, 0)

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii"]


@dataclass(frozen=True)
class Item:
    kind: str  # title | heading | para | num | sig
    text: str
    level: int = 0  # for num
    right: str = ""  # for sig rows
    deleted: bool = False  # the whole paragraph is a tracked deletion


_CHANGE = re.compile(r"\[([+-])(.*?)\1\]", re.DOTALL)


def accepted(text: str) -> str:
    """The text with every tracked change accepted."""
    return _CHANGE.sub(lambda m: m.group(2) if m.group(1) == "+" else "", text)


def changes(text: str) -> list[tuple[str, str]]:
    """Split text into (kind, words) runs: kind is "" (unchanged), "+" or "-"."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _CHANGE.finditer(text):
        if m.start() > pos:
            out.append(("", text[pos : m.start()]))
        out.append((m.group(1), m.group(2)))
        pos = m.end()
    if pos < len(text):
        out.append(("", text[pos:]))
    return out


def outline(contract: Contract) -> list[tuple[Item, str | None]]:
    """The contract as read with all changes accepted: (item with accepted text, typed label).

    Deleted paragraphs are left out and take no number; headings restart the numbering.
    """
    out: list[tuple[Item, str | None]] = []
    counter = Counter()
    for item in contract.items:
        if item.deleted:
            continue
        clean = Item(item.kind, accepted(item.text), item.level, accepted(item.right))
        label = None
        if item.kind == "heading":
            counter.reset()
        elif item.kind == "num":
            label = counter.next(item.level)
        out.append((clean, label))
    return out


@dataclass
class Contract:
    stem: str
    fmt: str
    title: str
    header: str
    items: list[Item] = field(default_factory=list)
    authors: tuple[str, str] = (
        "",
        "",
    )  # DOCX revision authors: (inline changes, deleted paragraphs)
    wrap: int = 0  # plain text: hard-wrap at this many columns (0 = one line per paragraph)


def _substitute(text: str, meta: dict[str, str]) -> str:
    def repl(m: re.Match[str]) -> str:
        value = meta[m.group(1)]
        return value[:1].upper() + value[1:] if m.group(2) else value

    return re.sub(r"\{(P|C)(!?)\}", repl, text)


def _lines(path: Path) -> Iterable[str]:
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("@ "):
            yield from _lines(FRAGMENTS / f"{line[2:].strip()}.txt")
        else:
            yield line


def parse_source(path: Path) -> Contract:
    """Parse one source file into a Contract."""
    text = path.read_text(encoding="utf-8")
    head, sep, _ = text.partition("\n---\n")
    if not sep:
        raise ValueError(f"{path}: missing front matter separator '---'")
    meta: dict[str, str] = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    for key in ("stem", "format", "title", "P", "C"):
        if key not in meta:
            raise ValueError(f"{path}: front matter lacks {key!r}")
    if meta["format"] not in FORMATS:
        raise ValueError(f"{path}: unknown format {meta['format']!r}")
    contract = Contract(meta["stem"], meta["format"], meta["title"], meta.get("header", ""))
    contract.wrap = int(meta.get("wrap", "0"))
    contract.authors = (meta.get("revisions_by", ""), meta.get("deletions_by", ""))
    body_started = False
    for line in _lines(path):
        if not body_started:
            body_started = line == "---"
            continue
        code, _, rest = line.partition(" ")
        rest = _substitute(rest.strip(), meta)
        if code == "T":
            contract.items.append(Item("title", rest))
        elif code == "H":
            contract.items.append(Item("heading", rest))
        elif code == "P":
            contract.items.append(Item("para", rest))
        elif code in ("1", "2", "3", "4"):
            contract.items.append(Item("num", rest, level=int(code) - 1))
        elif code in ("-1", "-2", "-3", "-4"):
            contract.items.append(Item("num", rest, level=int(code[1]) - 1, deleted=True))
        elif code == "S":
            left, _, right = rest.partition("||")
            contract.items.append(Item("sig", left.strip(), right=right.strip()))
        else:
            raise ValueError(f"{path}: unknown line code {code!r} in {line[:40]!r}")
    if meta["format"] != "docx" and any(
        item.deleted or _CHANGE.search(item.text) for item in contract.items
    ):
        raise ValueError(f"{path}: tracked changes are only supported in DOCX sources")
    if meta["format"] == "pdf":
        bad = {ch for item in contract.items for ch in item.text + item.right if ord(ch) > 255}
        if bad:
            raise ValueError(f"{path}: characters outside Latin-1 in a PDF source: {sorted(bad)}")
    return contract


class Counter:
    """Typed outline numbers for the text and PDF renderings: 1. / 1.1 / (a) / (i)."""

    def __init__(self) -> None:
        self.counts = [0, 0, 0, 0]

    def reset(self) -> None:
        self.counts = [0, 0, 0, 0]

    def next(self, level: int) -> str:
        self.counts[level] += 1
        for lower in range(level + 1, 4):
            self.counts[lower] = 0
        c = self.counts
        if level == 0:
            return f"{c[0]}."
        if level == 1:
            return f"{c[0]}.{c[1]}"
        if level == 2:
            return f"({chr(ord('a') + c[2] - 1)})"
        return f"({ROMAN[c[3] - 1]})"


# --------------------------------------------------------------------------- plain text / Markdown


def _fill(text: str, width: int, indent: str = "", hang: int = 0) -> str:
    if not width:
        return indent + text
    return textwrap.fill(
        text,
        width=width,
        initial_indent=indent,
        subsequent_indent=indent + " " * hang,
        break_long_words=False,
        break_on_hyphens=False,
    )


def render_text(contract: Contract) -> str:
    """The plain-text rendering (also the reference text for tests)."""
    out: list[str] = []
    indent = ["", "", "    ", "        "]
    width = contract.wrap
    for item, label in outline(contract):
        if item.kind == "title":
            out.append(item.text.upper())
        elif item.kind in ("heading", "para"):
            out.append(_fill(item.text, width))
        elif item.kind == "num":
            assert label is not None
            out.append(_fill(f"{label} {item.text}", width, indent[item.level], len(label) + 1))
        elif item.kind == "sig":
            out.append(f"{item.text:<44}{item.right}".rstrip() if item.right else item.text)
    return "\n\n".join(out) + "\n"


def render_markdown(contract: Contract) -> str:
    out: list[str] = []
    for item, label in outline(contract):
        if item.kind == "title":
            out.append(f"# {item.text}")
        elif item.kind == "heading":
            out.append(f"## {item.text}")
        elif item.kind == "para":
            out.append(item.text)
        elif item.kind == "num":
            if item.level == 0:
                out.append(f"### {label} {item.text}")
            else:
                out.append(f"{label} {item.text}")
        elif item.kind == "sig":
            out.append(f"{item.text} | {item.right}" if item.right else item.text)
    return "\n\n".join(out) + "\n"


# --------------------------------------------------------------------------- DOCX

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ABSTRACT_NUM_ID = 10
LEVELS = (
    # (format, lvlText, left indent, hanging)  twips
    ("decimal", "%1.", 709, 709),
    ("decimal", "%1.%2", 709, 709),
    ("lowerLetter", "(%3)", 1418, 709),
    ("lowerRoman", "(%4)", 2127, 709),
)


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _abstract_num_xml() -> str:
    levels = []
    for ilvl, (fmt, text, left, hanging) in enumerate(LEVELS):
        bold = "<w:rPr><w:b/></w:rPr>" if ilvl == 0 else ""
        levels.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>{bold}</w:lvl>'
        )
    return (
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{ABSTRACT_NUM_ID}">'
        '<w:multiLevelType w:val="multilevel"/>' + "".join(levels) + "</w:abstractNum>"
    )


def _num_xml(num_id: int, restart: bool) -> str:
    override = (
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
    )
    return (
        f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}">'
        f'<w:abstractNumId w:val="{ABSTRACT_NUM_ID}"/>{override}</w:num>'
    )


def _add_numbering(document: object, count: int) -> list[int]:
    """Add our abstractNum and ``count`` num instances (the 2nd.. restart at 1); return numIds."""
    from lxml import etree

    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    abstract = etree.fromstring(_abstract_num_xml())
    existing_nums = numbering.findall(_w("num"))
    if existing_nums:
        existing_nums[0].addprevious(abstract)
    else:
        numbering.append(abstract)
    used = [int(n.get(_w("numId"))) for n in existing_nums]
    first = max(used, default=0) + 1
    ids = []
    for i in range(count):
        num_id = first + i
        numbering.append(etree.fromstring(_num_xml(num_id, restart=i > 0)))
        ids.append(num_id)
    return ids


def _set_num_pr(paragraph: object, num_id: int, level: int) -> None:
    from lxml import etree

    p_pr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    num_pr = etree.SubElement(p_pr, _w("numPr"))
    ilvl = etree.SubElement(num_pr, _w("ilvl"))
    ilvl.set(_w("val"), str(level))
    nid = etree.SubElement(num_pr, _w("numId"))
    nid.set(_w("val"), str(num_id))
    # numPr must come first among pPr children (after pStyle)
    p_pr.remove(num_pr)
    style = p_pr.find(_w("pStyle"))
    if style is not None:
        style.addnext(num_pr)
    else:
        p_pr.insert(0, num_pr)


REVISION_DATE = "2026-08-12T10:00:00Z"


def _add_tracked_text(
    paragraph: object, text: str, *, bold: bool, deleted: bool, author: str = ""
) -> None:
    """Append text to a paragraph as runs, with [+ins+] / [-del-] as Word revisions."""
    from lxml import etree

    p = paragraph._p  # type: ignore[attr-defined]
    for kind, words in changes(text):
        if deleted:
            kind = "-"
        run = etree.Element(_w("r"))
        if bold:
            etree.SubElement(etree.SubElement(run, _w("rPr")), _w("b"))
        t = etree.SubElement(run, _w("delText" if kind == "-" else "t"))
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = words
        if kind:
            wrapper = etree.SubElement(p, _w("ins" if kind == "+" else "del"))
            _revision_attrs(wrapper, author)
            wrapper.append(run)
        else:
            p.append(run)
    if deleted:  # the paragraph mark is deleted too: accepted, the paragraph disappears
        p_pr = p.get_or_add_pPr()
        r_pr = etree.SubElement(p_pr, _w("rPr"))
        _revision_attrs(etree.SubElement(r_pr, _w("del")), author)


_revision_ids = itertools.count(1)


def _revision_attrs(element: object, author: str) -> None:
    element.set(_w("id"), str(next(_revision_ids)))  # type: ignore[attr-defined]
    element.set(_w("author"), author or "analyzer project")  # type: ignore[attr-defined]
    element.set(_w("date"), REVISION_DATE)  # type: ignore[attr-defined]


def render_docx(contract: Contract) -> bytes:
    global _revision_ids
    import docx

    _revision_ids = itertools.count(1)
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    core = document.core_properties
    core.author = "analyzer project"
    core.last_modified_by = "analyzer project"
    core.title = contract.title
    core.created = FIXED_DATE.replace(tzinfo=None)
    core.modified = FIXED_DATE.replace(tzinfo=None)
    core.revision = 1
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"  # type: ignore[attr-defined]
    normal.font.size = Pt(10.5)  # type: ignore[attr-defined]
    section = document.sections[0]
    if contract.header:
        section.header.paragraphs[0].text = contract.header
        section.footer.paragraphs[0].text = "Confidential"

    authors = contract.authors
    restarts = sum(1 for item in contract.items if item.kind == "heading")
    num_ids = _add_numbering(document, restarts + 1)
    current = 0
    numbered_since_heading = False
    sig_rows: list[Item] = []

    def flush_signatures() -> None:
        if not sig_rows:
            return
        table = document.add_table(rows=len(sig_rows), cols=2)
        for row, sig in zip(table.rows, sig_rows, strict=True):
            row.cells[0].text = sig.text
            row.cells[1].text = sig.right
        sig_rows.clear()

    for item in contract.items:
        if item.kind != "sig":
            flush_signatures()
        if item.kind == "title":
            para = document.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = para.add_run(item.text)
            run.bold = True
            run.font.size = Pt(14)
        elif item.kind == "heading":
            if numbered_since_heading:
                current += 1
                numbered_since_heading = False
            para = document.add_paragraph()
            run = para.add_run(item.text)
            run.bold = True
        elif item.kind == "para":
            para = document.add_paragraph()
            _add_tracked_text(para, item.text, bold=False, deleted=False, author=authors[0])
        elif item.kind == "num":
            para = document.add_paragraph()
            _set_num_pr(para, num_ids[min(current, len(num_ids) - 1)], item.level)
            _add_tracked_text(
                para,
                item.text,
                bold=item.level == 0,
                deleted=item.deleted,
                author=authors[1] if item.deleted else authors[0],
            )
            numbered_since_heading = True
        elif item.kind == "sig":
            sig_rows.append(item)
    flush_signatures()

    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and member order, so output is byte-identical."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- PDF


def render_pdf(contract: Contract) -> bytes:
    from fpdf import FPDF

    header_text = contract.header

    class ContractPDF(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", "", 8)
            self.set_text_color(90, 90, 90)
            self.cell(0, 5, header_text, align="L")
            self.cell(0, 5, "CONFIDENTIAL", align="R", new_x="LMARGIN", new_y="NEXT")
            self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
            self.ln(6)
            self.set_text_color(0, 0, 0)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", "", 8)
            self.set_text_color(90, 90, 90)
            self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")
            self.set_text_color(0, 0, 0)

    pdf = ContractPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer("analyzer sample generator")
    pdf.set_title(contract.title)
    pdf.set_author("analyzer project")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=22)
    pdf.alias_nb_pages()
    pdf.add_page()
    line_h = 5.0
    width = pdf.w - pdf.l_margin - pdf.r_margin
    # (label x offset, text x offset) per level, mm from the left margin
    offsets = [(0.0, 12.0), (0.0, 12.0), (12.0, 22.0), (22.0, 32.0)]
    sig_rows: list[Item] = []

    def flush_signatures() -> None:
        if not sig_rows:
            return
        pdf.ln(4)
        for sig in sig_rows:
            y = pdf.get_y()
            pdf.set_x(pdf.l_margin)
            pdf.multi_cell(width / 2 - 4, line_h, sig.text)
            y_left = pdf.get_y()
            pdf.set_xy(pdf.l_margin + width / 2, y)
            pdf.multi_cell(width / 2, line_h, sig.right)
            pdf.set_y(max(y_left, pdf.get_y()) + 1)
        sig_rows.clear()

    for item, typed in outline(contract):
        if item.kind != "sig":
            flush_signatures()
        if item.kind == "title":
            pdf.set_font("Helvetica", "B", 14)
            pdf.multi_cell(width, 7, item.text.upper(), align="C")
            pdf.ln(4)
        elif item.kind == "heading":
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 11)
            pdf.multi_cell(width, 6, item.text)
            pdf.ln(1)
        elif item.kind == "para":
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(width, line_h, item.text)
            pdf.ln(2)
        elif item.kind == "num":
            label = typed or ""
            label_x, text_x = offsets[item.level]
            if item.level == 0:
                pdf.ln(2)
                pdf.set_font("Helvetica", "B", 10.5)
            else:
                pdf.set_font("Helvetica", "", 10)
            if pdf.will_page_break(line_h * 2):
                pdf.add_page()
            y = pdf.get_y()
            pdf.set_xy(pdf.l_margin + label_x, y)
            pdf.cell(text_x - label_x, line_h, label)
            pdf.set_xy(pdf.l_margin + text_x, y)
            pdf.multi_cell(width - text_x, line_h, item.text)
            pdf.ln(1.5)
        elif item.kind == "sig":
            pdf.set_font("Helvetica", "", 10)
            sig_rows.append(item)
    flush_signatures()
    return bytes(pdf.output())


# --------------------------------------------------------------------------- driver


def source_paths() -> list[Path]:
    return sorted(SOURCES.glob("*.txt"))


def output_name(contract: Contract) -> str:
    return f"{contract.stem}.{contract.fmt}"


def render(contract: Contract) -> bytes:
    if contract.fmt == "docx":
        return render_docx(contract)
    if contract.fmt == "pdf":
        return render_pdf(contract)
    if contract.fmt == "md":
        return render_markdown(contract).encode("utf-8")
    return render_text(contract).encode("utf-8")


def generate(out_dir: Path, sources: Sequence[Path] | None = None) -> list[Path]:
    """Render every source into ``out_dir``; return the written paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for src in sources if sources is not None else source_paths():
        contract = parse_source(src)
        target = out_dir / output_name(contract)
        data = render(contract)
        if not target.exists() or target.read_bytes() != data:
            tmp = target.with_suffix(target.suffix + ".tmp")
            tmp.write_bytes(data)
            tmp.replace(target)
        written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    args = parser.parse_args(argv)
    for path in generate(args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["Contract", "Item", "generate", "parse_source", "render", "render_text"]
