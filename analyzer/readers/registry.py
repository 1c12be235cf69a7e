"""Which files the analyzer reads, by suffix: the one list the CLI, the folder walk and the help
texts use (the reader itself goes by the file's bytes, :mod:`analyzer.readers.sniff`).

- :data:`FORMATS` — each format the readers handle and its suffixes, in the order the help texts
  name them;
- :data:`SUPPORTED_SUFFIXES` — what a folder walk picks up as contracts;
- :data:`REPORTED_SUFFIXES` — other word-processing files found in folders, each listed with a row
  saying what to do (E101 "save it as .docx"); a macro-enabled ``.docm`` or a ``.dotx`` template
  is read as the DOCX it is;
- :data:`MARKDOWN_SUFFIXES` — text files whose ``#`` lines are headings.
"""

from __future__ import annotations

# format → suffixes (the reader module of each format: analyzer/readers/<format>.py)
FORMATS: dict[str, tuple[str, ...]] = {
    "docx": (".docx",),
    "pdf": (".pdf",),
    "text": (".txt", ".md"),
}
SUFFIXES: tuple[str, ...] = tuple(s for suffixes in FORMATS.values() for s in suffixes)
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(SUFFIXES)
REPORTED_SUFFIXES: frozenset[str] = frozenset({".doc", ".dot", ".docm", ".dotx", ".rtf", ".odt"})
CONTRACT_SUFFIXES: frozenset[str] = SUPPORTED_SUFFIXES | REPORTED_SUFFIXES
MARKDOWN_SUFFIXES: frozenset[str] = frozenset({".md", ".markdown"})


def suffix_list(conjunction: str = "and") -> str:
    """The read suffixes in words: ".docx, .pdf, .txt and .md"."""
    *head, last = SUFFIXES
    return f"{', '.join(head)} {conjunction} {last}" if head else last
