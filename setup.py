"""Build hook: ship clause_patterns/ inside the wheel as analyzer/_clause_patterns.

All metadata lives in pyproject.toml. In a source checkout (and an editable install) the loader
reads clause_patterns/ at the repository root; an installed wheel reads the packaged copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithPatterns(build_py):
    def run(self) -> None:
        super().run()
        src = Path(__file__).resolve().parent / "clause_patterns"
        dst = Path(self.build_lib) / "analyzer" / "_clause_patterns"
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithPatterns})
