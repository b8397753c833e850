"""Charts as server-rendered SVG: the one drawing path for the dashboard and the PDF.

Drawn here rather than with a chart library: pygal and its kind put a `<style>` block and
scripts inside the SVG, which the site's strict Content-Security-Policy blocks when the SVG is
inline in the page. These charts use presentation attributes only, so the same markup renders
in the browser and in WeasyPrint.

Readable without colour: lines differ by dash pattern and marker shape, bars by fill pattern,
every mark carries its number, and the page puts a table with the numbers under each chart.
"""

import hashlib
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 28, 16, 40
INK, GRID = "#1f2937", "#d1d5db"
# Dark and mid tones with distinct dash and marker per line (told apart in grey too).
LINE_STYLES = (
    ("#1d4ed8", "", "circle"),
    ("#047857", "6 3", "square"),
    ("#b45309", "2 3", "triangle"),
    ("#7c3aed", "8 3 2 3", "diamond"),
)


@dataclass(frozen=True)
class Line:
    label: str
    values: list[int]


def _nice_max(value: float) -> int:
    if value <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if value <= step * 4:
            return step * 4 if value > step * 3 else step * 3 if value > step * 2 else step * 2
    magnitude = 10 ** (len(str(int(value))) - 1)
    return int((value // magnitude + 1) * magnitude)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="{colour}"/>'
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 4:.1f} {x - 4:.1f},{y + 3:.1f} {x + 4:.1f},{y + 3:.1f}"'
            f' fill="{colour}"/>'
        )
    if shape == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - 4:.1f} {x + 4:.1f},{y:.1f} {x:.1f},{y + 4:.1f} '
            f'{x - 4:.1f},{y:.1f}" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'


def _svg(title: str, body: list[str], height: int = HEIGHT) -> SafeString:
    # Every text in `body` was escaped where it was made.
    return mark_safe(  # noqa: S308  # nosec B308 B703
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="chart">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def line_chart(
    title: str, months: list[str], lines: list[Line], target: int | None = None, target_label=""
) -> SafeString:
    """Cumulative monthly lines against a target drawn as a dashed horizontal line."""
    top_value = max([max(line.values, default=0) for line in lines] + [target or 0])
    top = _nice_max(top_value)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = max(len(months), 1)

    def x(index: int) -> float:
        return LEFT + (plot_w * index / (count - 1) if count > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h - plot_h * value / top

    body = []
    for step in range(5):
        value = top * step / 4
        body.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="{INK}">{int(value)}</text>'
        )
    label_every = max(1, count // 8)
    for index, month in enumerate(months):
        if index % label_every == 0 or index == count - 1:
            body.append(
                f'<text x="{x(index):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                f'font-size="11" fill="{INK}">{escape(month)}</text>'
            )
    if target:
        body.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
            f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="10 4"/>'
            f'<text x="{WIDTH - RIGHT}" y="{y(target) - 5:.1f}" text-anchor="end" font-size="11" '
            f'fill="{INK}">{escape(target_label)} {target}</text>'
        )
    for number, line in enumerate(lines):
        colour, dash, shape = LINE_STYLES[number % len(LINE_STYLES)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(line.values))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"'
            f"{dash_attr}/>"
        )
        body.extend(_marker(shape, x(i), y(v), colour) for i, v in enumerate(line.values))
        if line.values:
            last = line.values[-1]
            body.append(
                f'<text x="{x(len(line.values) - 1) - 4:.1f}" y="{y(last) - 8:.1f}" '
                f'text-anchor="end" font-size="11" font-weight="bold" fill="{colour}">'
                f"{last}</text>"
            )
        legend_x = LEFT + number * 160
        body.append(
            _marker(shape, legend_x + 4, HEIGHT - 8, colour)
            + f'<text x="{legend_x + 12}" y="{HEIGHT - 4}" font-size="11" fill="{INK}">'
            f"{escape(line.label)}</text>"
        )
    return _svg(title, body)


def bar_chart(title: str, rows: list[dict], series: list[tuple[str, str]]) -> SafeString:
    """Horizontal bars, one group per row and one bar per `series` (key, label), each bar
    patterned differently and labelled with its number."""
    label_w, bar_h, gap = 170, 12, 10
    group_h = bar_h * len(series) + gap
    height = TOP + group_h * max(len(rows), 1) + 28
    top = _nice_max(max((row.get(key, 0) for row in rows for key, _ in series), default=0))
    plot_w = WIDTH - label_w - RIGHT - 36
    patterns = (
        ("#1d4ed8", "#1d4ed8", ""),
        ("#ffffff", "#047857", "url(#hatch)"),
        ("#b45309", "#b45309", ""),
    )
    # One pattern id per chart: several charts share a page.
    hatch = "hatch-" + hashlib.md5(title.encode(), usedforsecurity=False).hexdigest()[:8]
    patterns = tuple(
        (fill, stroke, pattern.replace("#hatch", f"#{hatch}")) for fill, stroke, pattern in patterns
    )
    body = [
        f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#047857" stroke-width="3"/></pattern></defs>'
    ]
    for index, row in enumerate(rows):
        y0 = TOP + index * group_h
        body.append(
            f'<text x="{label_w - 6}" y="{y0 + group_h / 2:.1f}" text-anchor="end" '
            f'font-size="11" fill="{INK}">{escape(str(row["label"])[:28])}</text>'
        )
        for number, (key, _label) in enumerate(series):
            value = row.get(key, 0) or 0
            fill, stroke, pattern = patterns[number % len(patterns)]
            width = plot_w * value / top
            y = y0 + number * bar_h
            body.append(
                f'<rect x="{label_w}" y="{y:.1f}" width="{width:.1f}" height="{bar_h - 2}" '
                f'fill="{pattern or fill}" stroke="{stroke}"/>'
                f'<text x="{label_w + width + 4:.1f}" y="{y + bar_h - 3:.1f}" font-size="10" '
                f'fill="{INK}">{value}</text>'
            )
    for number, (_key, label) in enumerate(series):
        fill, stroke, pattern = patterns[number % len(patterns)]
        legend_x = label_w + number * 120
        body.append(
            f'<rect x="{legend_x}" y="{height - 16}" width="14" height="10" '
            f'fill="{pattern or fill}" stroke="{stroke}"/>'
            f'<text x="{legend_x + 18}" y="{height - 7}" font-size="11" fill="{INK}">'
            f"{escape(str(label))}</text>"
        )
    return _svg(title, body, height)
