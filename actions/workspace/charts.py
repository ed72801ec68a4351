"""Server-rendered SVG charts: geometry worked out here, markup in a template, no JavaScript.

A chart is drawn from a step series (each point holds from its day until the next
point's day) and is always given with the same numbers as a table, because a picture
alone serves neither screen reader users nor anyone who wants the exact figures.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from actions.display import long_date

# The drawing area in SVG user units; the SVG scales down on narrow screens.
WIDTH, HEIGHT = 900, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 150, 20, 48
# GOV.UK colours, each with at least 4.5:1 contrast on white, so lines and labels pass
# both the 3:1 graphics and 4.5:1 text bars. The lines also differ in dash and marker.
OPEN_COLOUR = "#1d70b8"  # GOV.UK blue
COMPLETED_COLOUR = "#00703c"  # GOV.UK green
TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#b1b4b6"
# End labels closer than this (in user units) are pushed apart so they never overlap.
LABEL_GAP = 20
# Beyond this many points the markers would blur into a thick line; the steps remain.
MAX_MARKERS = 40


@dataclass(frozen=True)
class ProgressPoint:
    """How many actions were open and completed from `day` until the next point."""

    day: datetime.date
    open: int
    completed: int


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Line:
    name: str
    colour: str
    dash: str
    marker: str  # "circle" or "square"
    path: str
    markers: list[tuple[float, float]]
    end_value: int
    label_y: float


@dataclass(frozen=True)
class ProgressChart:
    """Everything templates/actions/_dash_chart.html needs to draw one chart."""

    chart_id: str
    title: str
    summary: str
    points: Sequence[ProgressPoint]
    lines: list[Line]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM
    text_colour: str = TEXT_COLOUR
    grid_colour: str = GRID_COLOUR

    def render(self) -> SafeString:
        return render_to_string("actions/_dash_chart.html", {"chart": self})


def _nice_ceiling(value: int) -> int:
    """A round top for the y axis: 1, 2, 5 or 10 times a power of ten, at least `value`."""
    if value <= 4:
        return max(value, 1)
    magnitude = 10 ** math.floor(math.log10(value))
    return next(step * magnitude for step in (1, 2, 5, 10) if step * magnitude >= value)


def _y_tick_values(top: int) -> list[int]:
    """Whole numbers from 0 to `top`, five steps at most."""
    return list(range(0, top + 1, max(1, top // 5)))


def _label_positions(first: float, second: float) -> list[float]:
    """The y of each line's end label: beside its line's end, pushed apart when too close.

    The line that ends higher keeps the upper label (the first line, on a tie).
    """
    if abs(first - second) >= LABEL_GAP:
        return [first, second]
    upper = round(max(TOP, (first + second) / 2 - LABEL_GAP / 2), 1)
    lower = upper + LABEL_GAP
    return [upper, lower] if first <= second else [lower, upper]


def progress_chart(
    points: Sequence[ProgressPoint], *, today: datetime.date, chart_id: str, title: str
) -> ProgressChart:
    """A step chart of open against completed actions from the first point until today.

    `points` must be in day order and none after today.
    """
    first = points[0].day if points else today
    # A chart needs some width: everything on one day is drawn over the week before it.
    start = min(first, today - datetime.timedelta(days=7))
    span = (today - start).days
    plot_left, plot_right = LEFT, WIDTH - RIGHT
    plot_top, plot_bottom = TOP, HEIGHT - BOTTOM

    def x(day: datetime.date) -> float:
        return round(plot_left + (day - start).days / span * (plot_right - plot_left), 1)

    top = _nice_ceiling(max((max(p.open, p.completed) for p in points), default=0))

    def y(value: int) -> float:
        return round(plot_bottom - value / top * (plot_bottom - plot_top), 1)

    styles = (
        ("Open", OPEN_COLOUR, "", "circle"),
        ("Completed", COMPLETED_COLOUR, "8 5", "square"),
    )
    series = [[p.open for p in points] or [0], [p.completed for p in points] or [0]]
    days = [p.day for p in points] or [start]
    label_ys = _label_positions(*(y(values[-1]) for values in series))
    lines = []
    for style, values, label_y in zip(styles, series, label_ys, strict=True):
        # Each series starts at zero on the chart's first day, then steps at each point.
        corners = [(x(day), y(value)) for day, value in zip(days, values, strict=True)]
        path = f"M{x(start)},{y(0)}" + "".join(f"H{cx}V{cy}" for cx, cy in corners)
        markers = corners if len(points) <= MAX_MARKERS else []
        lines.append(Line(*style, f"{path}H{x(today)}", markers, values[-1], label_y))

    middle = start + datetime.timedelta(days=span // 2)
    x_ticks = [Tick(x(day), long_date(day)) for day in (start, middle, today)]
    y_ticks = [Tick(y(value), str(value)) for value in _y_tick_values(top)]
    now = points[-1] if points else ProgressPoint(today, 0, 0)
    summary = (
        f"From {long_date(start)} to {long_date(today)}. "
        f"Now {now.open} open and {now.completed} completed."
    )
    return ProgressChart(
        chart_id=chart_id,
        title=title,
        summary=summary,
        points=points,
        lines=lines,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
    )
