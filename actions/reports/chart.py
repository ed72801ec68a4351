"""The committee report's bar chart of actions by RAG rating, as a PNG for Word and PDF.

Committee papers are often printed in black and white, so each bar has its own hatching
and its name and count written beside it: the colour only repeats what the words say.
"""

from __future__ import annotations

import io

from actions.models import Rag
from actions.reports.contents import DONE_LABEL, Counts

# Fill colour and hatching of each bar, in the order the bars are drawn.
BAR_STYLES: dict[str, tuple[str, str]] = {
    Rag.RED.label: ("#d4351c", "xxx"),
    Rag.AMBER.label: ("#f47738", "///"),
    Rag.GREEN.label: ("#00703c", "..."),
    Rag.NOT_SCHEDULED.label: ("#b1b4b6", ""),
    DONE_LABEL: ("#ffffff", "\\\\\\"),
}
DESCRIPTION = (
    "Bar chart of actions by RAG rating: open actions rated red, amber, green or not "
    "scheduled, and actions done. The numbers are in the summary table."
)


def rag_chart_png(counts: Counts) -> bytes:
    """A bar per RAG rating, and one for actions done, each labelled with its count."""
    labels = list(BAR_STYLES)
    values = [counts.rag.get(label, 0) for label in labels]
    # matplotlib is imported on the first chart, not when the URLs load: it adds tens of
    # MiB to every web worker, and most workers never draw a chart.
    from matplotlib import rc_context

    with rc_context({"font.family": ["Liberation Sans", "DejaVu Sans"]}):
        return _draw(labels, values, counts.label)


def _draw(labels: list[str], values: list[int], title: str) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    # Agg draws to memory, with no display and no pyplot state shared between requests.
    figure = Figure(figsize=(8, 2.8), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    bars = axes.bar(
        labels,
        values,
        color=[colour for colour, _ in BAR_STYLES.values()],
        hatch=[hatch for _, hatch in BAR_STYLES.values()],
        edgecolor="#0b0c0c",
        linewidth=1,
    )
    axes.bar_label(bars, labels=[str(v) for v in values], padding=3, fontsize=11)
    axes.set_ylabel("Actions")
    axes.set_title(f"Actions by RAG rating: {title}", fontsize=12)
    axes.set_ylim(0, max([*values, 1]) * 1.2)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # no half actions
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
