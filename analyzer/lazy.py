"""Names a module exports without importing their modules until first use (PEP 562)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any


def lazy_attribute(
    package: str, table: Mapping[str, str], name: str, namespace: dict[str, Any] | None = None
) -> Any:
    """``name`` from the module ``table`` maps it to, for a package's module-level
    ``__getattr__``; with ``namespace`` (the package's ``globals()``) the value is kept there, so
    that later look-ups skip ``__getattr__``. An unknown name raises AttributeError as Python
    does."""
    module = table.get(name)
    if module is None:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    if namespace is not None:
        namespace[name] = value
    return value
