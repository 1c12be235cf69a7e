"""Text analysis speed: all CUAD txt contracts, one worker, vs spacy.blank("en") tokenization.

Target (issue #6): analysis time <= 1.5x the time spacy.blank("en") needs to tokenize the same texts.
Usage: python benchmarks/bench_text.py [--limit N]
"""

from __future__ import annotations

import argparse

from _common import cuad_txt_files, peak_rss_mb, report, timed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    files = cuad_txt_files(args.limit)

    import spacy

    import analyzer
    from analyzer.engine import analyze

    nlp = spacy.blank("en")

    def tokenize() -> int:
        n = 0
        for f in files:
            n += len(nlp.make_doc(f.read_text(encoding="utf-8", errors="replace")))
        return n

    def run_analysis() -> int:
        found = 0
        for f in files:
            rep = analyze(f)
            found += rep.labels()["art11_ip_ownership"] != "none"
        return found

    analyzer.load_patterns()  # warm: patterns load once per process in real runs too
    t_tok, n_tokens = timed(tokenize)
    t_an, _ = timed(run_analysis)
    print(f"{len(files)} contracts, {n_tokens:,} tokens")
    report("text: analysis (1 worker) vs tokenize", t_an, t_tok, "<= 1.5")
    print(f"peak RSS of this process: {peak_rss_mb():.0f} MB (target < 500 MB)")


if __name__ == "__main__":
    main()
