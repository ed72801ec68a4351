"""Time the letter parser: on text, and on every corpus PDF against pdftotext.

Run from the repository root:  python benchmarks/bench_parse.py [--rounds N]

First, for each sample letter, its size, the number of findings and the median time
of parse_text over many runs (after warm-up), and whether the 84 kB 2017 report is
within its 50 ms budget.

Then, over every PDF in the corpus, the whole structured parse (parse_document,
with its child process) side by side with poppler's ``pdftotext FILE -`` on the same
file, the two interleaved in each round so that both see the same machine load.
Each document's time is its median over the rounds; the summary gives the median and
the maximum over documents and the ratio of the medians (ours / pdftotext), and
checks the two budgets: that ratio at most 2, and a 40-page report in under 0.3 s.

Exits with status 1 if any budget is missed.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # so the script runs without installing the project

from inspections.parsing import parse_document, parse_text  # noqa: E402
from inspections.parsing.pdf import is_pdf  # noqa: E402

SAMPLES = REPO / "inspections" / "sample_letters"
BUDGETED = "wigan-2017-sif.txt"
BUDGET_MS = 50.0
WARM_UP = 5
RUNS = 50

CORPUS = REPO / "tests" / "fixtures" / "pdfs"
MAX_RATIO = 2.0
LONG_REPORT = "2017-02-13-rutland-inspection.pdf"  # 40 pages
LONG_REPORT_BUDGET_S = 0.3


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


def text_benchmark() -> bool:
    """Print the sample-letter table; return whether the 2017 report is within budget."""
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
        return False
    within = budgeted_ms <= BUDGET_MS
    verdict = "within" if within else "OVER"
    print(f"{BUDGETED}: {budgeted_ms:.2f} ms median, {verdict} the {BUDGET_MS:.0f} ms budget")
    return within


def time_ours(path: Path) -> float:
    """Seconds for the whole structured parse of a PDF, child process included."""
    start = time.perf_counter()
    parse_document(path.read_bytes(), path.name)
    return time.perf_counter() - start


def time_pdftotext(path: Path) -> float:
    """Seconds for ``pdftotext FILE -``, its text read from its output."""
    start = time.perf_counter()
    subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True)
    return time.perf_counter() - start


def pdf_benchmark(rounds: int) -> bool:
    """Print the side-by-side comparison over the corpus; return whether within budget."""
    if shutil.which("pdftotext") is None:
        print("pdftotext not found: install poppler-utils (make system-packages)")
        return False
    paths = [path for path in sorted(CORPUS.glob("*.pdf")) if is_pdf(path.read_bytes())]
    time_ours(paths[0])  # start the reader's fork server before timing anything
    ours: dict[str, list[float]] = {path.name: [] for path in paths}
    poppler: dict[str, list[float]] = {path.name: [] for path in paths}
    for round_ in range(rounds):
        for path in paths:
            # Alternate which goes first, so that neither always meets a warm cache.
            if round_ % 2:
                poppler[path.name].append(time_pdftotext(path))
                ours[path.name].append(time_ours(path))
            else:
                ours[path.name].append(time_ours(path))
                poppler[path.name].append(time_pdftotext(path))
    per_doc_ours = {name: statistics.median(times) for name, times in ours.items()}
    per_doc_poppler = {name: statistics.median(times) for name, times in poppler.items()}

    print(f"\n{len(paths)} corpus PDFs, {rounds} interleaved rounds; per-document medians:")
    print(f"{'':<12} {'median ms':>10} {'max ms':>9}  slowest document")
    for label, times in (("ours", per_doc_ours), ("pdftotext", per_doc_poppler)):
        slowest = max(times, key=times.__getitem__)
        print(
            f"{label:<12} {statistics.median(times.values()) * 1000:>10.1f} "
            f"{times[slowest] * 1000:>9.1f}  {slowest}"
        )
    ratio = statistics.median(per_doc_ours.values()) / statistics.median(per_doc_poppler.values())
    ratio_ok = ratio <= MAX_RATIO
    print(
        f"ratio of medians (ours / pdftotext): {ratio:.2f}, "
        f"{'within' if ratio_ok else 'OVER'} the {MAX_RATIO:.0f}x budget"
    )
    long_report = per_doc_ours.get(LONG_REPORT)
    long_ok = long_report is not None and long_report < LONG_REPORT_BUDGET_S
    if long_report is None:
        print(f"{LONG_REPORT} not found in {CORPUS}")
    else:
        print(
            f"{LONG_REPORT} (40 pages): {long_report:.3f} s, "
            f"{'within' if long_ok else 'OVER'} the {LONG_REPORT_BUDGET_S} s budget "
            f"(pdftotext: {per_doc_poppler[LONG_REPORT]:.3f} s)"
        )
    return ratio_ok and long_ok


def main() -> int:
    """Run both benchmarks; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds over the corpus")
    args = parser.parse_args()
    text_ok = text_benchmark()
    pdf_ok = pdf_benchmark(args.rounds)
    return 0 if text_ok and pdf_ok else 1


if __name__ == "__main__":
    sys.exit(main())
