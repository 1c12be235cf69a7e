"""The analysis code's fingerprint: part of the results store's cache key.

``__version__`` stayed "0.1.0" through hundreds of commits that changed what the checks decide,
so a user who updated the analyzer and re-ran a portfolio was served the old results. The cache
key now carries :func:`code_version`: the version plus the first 12 hex digits of a SHA-256 over
every Python source file of the package (path and bytes, in sorted order). Any change to the
code that analyses — or to anything else in the package, which errs on the side of re-analysing
— gives new keys; the pattern set and the second reader's model have versions of their own in
the key. Hashing ~60 files takes a few milliseconds and happens once per run.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from analyzer import __version__

PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def code_version() -> str:
    """``"<__version__>+<12 hex digits of the package sources' SHA-256>"``."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        h.update(path.relative_to(PACKAGE).as_posix().encode("utf-8"))
        h.update(b"\0")
        h.update(path.read_bytes())
    return f"{__version__}+{h.hexdigest()[:12]}"
