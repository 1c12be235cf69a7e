"""Text analysis speed: all CUAD txt contracts, one worker, vs spacy.blank("en") tokenization.

Target (issue #6): analysis time <= 1.5x the time spacy.blank("en") needs to tokenize the same texts.
Also prints where the time goes (ContractReport.timings summed per stage) and, with --profile,
the top functions of a cProfile run. The baseline is measured in the same run, file by file
(tokenize one file, then analyse it), in wall and CPU seconds (the machine is
shared: compare ratios, not seconds).
Usage: python benchmarks/bench_text.py [--limit N] [--profile]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from _common import cuad_txt_files, peak_rss_mb, report


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--profile", action="store_true", help="cProfile the analysis (slower)")
    args = ap.parse_args()
    files = cuad_txt_files(args.limit)

    import spacy

    import analyzer
    from analyzer.engine import analyze

    nlp = spacy.blank("en")
    stages: Counter[str] = Counter()
    clock = {"tok": 0.0, "tok_cpu": 0.0, "an": 0.0, "an_cpu": 0.0}

    def interleaved() -> int:
        # per file: tokenize, then analyse, so that both see the same load on a shared machine
        n = 0
        for f in files:
            w0, c0 = time.perf_counter(), time.process_time()
            n += len(nlp.make_doc(f.read_text(encoding="utf-8", errors="replace")))
            w1, c1 = time.perf_counter(), time.process_time()
            rep = analyze(f)
            w2, c2 = time.perf_counter(), time.process_time()
            stages.update(rep.timings)
            clock["tok"] += w1 - w0
            clock["tok_cpu"] += c1 - c0
            clock["an"] += w2 - w1
            clock["an_cpu"] += c2 - c1
        return n

    analyzer.load_patterns()  # warm: patterns load once per process in real runs too
    analyze(files[0])  # warm: taggers and pattern data are built once per process
    stages.clear()
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        n_tokens = prof.runcall(interleaved)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
    else:
        n_tokens = interleaved()
    t_an, t_tok = clock["an"], clock["tok"]
    print(f"{len(files)} contracts, {n_tokens:,} tokens")
    report("text: analysis (1 worker) vs tokenize", t_an, t_tok, "<= 1.5")
    report("text: same, CPU seconds", clock["an_cpu"], clock["tok_cpu"], "<= 1.5")
    total = stages.pop("total", t_an) or 1.0
    stages["(between stages)"] = max(0.0, total - sum(stages.values()))
    for stage, seconds in stages.most_common():
        print(f"  {stage:<16} {seconds:8.2f}s  {100 * seconds / total:5.1f}%")
    print(f"peak RSS of this process: {peak_rss_mb():.0f} MB (target < 500 MB)")


if __name__ == "__main__":
    main()
