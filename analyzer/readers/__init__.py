"""read_contract(path) -> Document, dispatching on the file's real type.

PLACEHOLDER: reads UTF-8 text only; the readers engineer replaces this with the real dispatcher
(magic bytes, DOCX, PDF, encodings, bounds).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analyzer.errors import ReadError
from analyzer.model import Document
from analyzer.readers._common import BlockDraft, assemble


def read_contract(path: str | Path, **_options: Any) -> Document:
    p = Path(path)
    data = p.read_bytes()
    if not data.strip():
        raise ReadError("the file is empty", path=str(p), code="E110")
    text = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    drafts = [BlockDraft(text=line.strip()) for line in text.split("\n") if line.strip()]
    return assemble(path=str(p), data=data, fmt="text", drafts=drafts)
