"""Regression: party terms must not depend on PYTHONHASHSEED (set iteration order).

Caught on a CUAD filing whose signature block named "U.S. BANK": the term was "U.S." under some
hash seeds and "U.S. BANK" under others. The contract below is ours, written for this test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CONTRACT = """MAINTENANCE AGREEMENT

This agreement is entered into by the undersigned for the maintenance of equipment.

1. The equipment is held by U.S. BANK for the lenders.
2. U.S. BANK shall receive the maintenance reports each month.
3. The maintenance provider shall keep the equipment in good repair.

IN WITNESS WHEREOF, the parties have signed this agreement.

U.S. BANK NATIONAL ASSOCIATION

By: ______________

ORCHARD SERVICES, INC.

By: ______________
"""

SCRIPT = """
import json, sys
from analyzer.parties import find_parties
from analyzer.readers import read_contract
from analyzer.segment import segment
doc = read_contract(sys.argv[1])
print(json.dumps([[p.name, list(p.terms), p.role] for p in find_parties(doc, segment(doc), "en")]))
"""


def test_parties_terms_do_not_depend_on_hash_seed(tmp_path: Path) -> None:
    path = tmp_path / "maintenance.txt"
    path.write_text(CONTRACT, encoding="utf-8")
    outputs = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(path)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1, outputs
    assert "U.S. BANK" in outputs.pop()
