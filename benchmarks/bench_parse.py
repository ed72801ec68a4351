"""Time the letter parser on each sample letter.

Run from the repository root:  python benchmarks/bench_parse.py

Prints, for each document, its size, the number of findings and the median time of
parse_text over many runs (after warm-up), then says whether the 84 kB 2017 report
is within its 50 ms budget. Exits with status 1 if it is not.
"""

import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # so the script runs without installing the project

from inspections.parsing import parse_text  # noqa: E402

SAMPLES = REPO / "inspections" / "sample_letters"
BUDGETED = "wigan-2017-sif.txt"
BUDGET_MS = 50.0
WARM_UP = 5
RUNS = 50


def median_ms(text: str) -> float:
    """Median wall-clock time of parse_text(text) in milliseconds."""
    for _ in range(WARM_UP):
        parse_text(text)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        parse_text(text)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def main() -> int:
    """Print the table and the budget verdict; return the exit status."""
    print(f"{'document':<42} {'size kB':>8} {'findings':>9} {'median ms':>10}")
    budgeted_ms = None
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        findings = len(parse_text(text).findings)
        ms = median_ms(text)
        if path.name == BUDGETED:
            budgeted_ms = ms
        print(f"{path.name:<42} {len(text.encode()) / 1000:>8.1f} {findings:>9} {ms:>10.2f}")
    if budgeted_ms is None:
        print(f"{BUDGETED} not found in {SAMPLES}")
        return 1
    within = budgeted_ms <= BUDGET_MS
    verdict = "within" if within else "OVER"
    print(f"{BUDGETED}: {budgeted_ms:.2f} ms median, {verdict} the {BUDGET_MS:.0f} ms budget")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
