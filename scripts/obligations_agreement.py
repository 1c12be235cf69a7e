"""How well two annotators of the same contracts agree on their obligations, measured with the
matcher that ``analyzer eval --obligations`` uses for the analyzer (one to one, spans overlapping
by at least half of the shorter one, role and modality equal).

    python scripts/obligations_agreement.py [--corpus ../shared/corpus]
        [--first annotations/obligations.jsonl] [--second annotations/obligations_second.jsonl]

Only contracts in both files count. The first annotation plays "gold", the second "predicted":
its precision is the share of the second annotator's lines the first also has, its recall the
share of the first's lines the second also has (swap them and the two exchange places). This is
the ceiling to read the analyzer's figures against: a register can hardly agree with one
annotator better than a second careful annotator does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analyzer.evaluate_obligations import (  # noqa: E402
    GOLD_FILE,
    ObligationMetrics,
    annotated_beneficiaries,
    compare_obligations,
    load_obligation_gold,
)
from analyzer.gold import ANNOTATIONS_DIR  # noqa: E402

SECOND_FILE = ANNOTATIONS_DIR / "obligations_second.jsonl"


def agreement(corpus: Path, first: Path, second: Path) -> dict[str, object]:
    a = load_obligation_gold(corpus, first)
    b = load_obligation_gold(corpus, second)
    docs = sorted({g.doc for g in a} & {g.doc for g in b})
    metrics = ObligationMetrics("second annotator against the first")
    for doc in docs:
        ga = [g for g in a if g.doc == doc]
        gb = [g for g in b if g.doc == doc]
        rows_a = [((g.start, g.end), g.role, g.modality) for g in ga]
        rows_b = [((g.start, g.end), g.role, g.modality) for g in gb]
        # deadlines and beneficiaries on the strict matches, where both annotated them (the
        # second annotation's beneficiary "not annotated" reads as none named)
        metrics.docs.append(
            compare_obligations(
                doc,
                rows_a,  # type: ignore[arg-type]
                rows_b,  # type: ignore[arg-type]
                gold_deadlines=[g.deadline for g in ga],
                pred_deadlines=[g.deadline for g in gb],
                gold_beneficiaries=annotated_beneficiaries(ga),
                pred_beneficiaries=[(g.beneficiary, g.beneficiary_role) for g in gb],
            )
        )
    return metrics.to_dict()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    ap.add_argument("--first", type=Path, default=GOLD_FILE)
    ap.add_argument("--second", type=Path, default=SECOND_FILE)
    args = ap.parse_args(argv)
    print(json.dumps(agreement(args.corpus, args.first, args.second), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
