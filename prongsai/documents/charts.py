"""Server-side charts (radar, lines, bars) as SVG for pages and PDFs, and PNG for DOCX. No JavaScript.

The SVG uses presentation attributes only (no `style` attribute, no <style>, no <script>), so it can be
inlined in a page under the strict CSP (`{{ chart }}` or `{{ chart.svg|safe }}`: labels are escaped here) or
served as `<img src="{{ chart.data_uri }}" alt="…">` (CSP `img-src data:`). It carries <title>/<desc> and
role="img" for screen readers, and series differ by dash pattern and marker shape, not only by colour.

PNG: the same SVG is laid out by WeasyPrint (Pango + HarfBuzz shape Thai correctly, with the fonts of
prongsai.documents.fonts) and rasterised by PDFium (pypdfium2). pygal was not used: its SVG needs an inline
<style> and a script, and its PNG path (cairosvg) draws text glyph by glyph without Thai shaping.
"""

from __future__ import annotations

import base64
import io
import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

FONT_FAMILY = "'Prongsai Body', Sarabun, 'Noto Sans Thai', Tahoma, sans-serif"
TEXT = "#1a1a1a"
GRID = "#c8c8c8"
AXIS = "#6b6b6b"
TARGET = "#b00020"
# Okabe–Ito colour-blind-safe palette, darkened where needed for 3:1 contrast on white.
PALETTE = ("#0b5cad", "#c75000", "#00795a", "#a8327e", "#8a6d00", "#3d3d3d")
DASHES = ("", "8 4", "3 3", "10 3 2 3", "2 5", "14 4")
FONT_SIZE = 16
#: Drawing width in SVG units: on an A4 text width (16 cm) a 16-unit label prints at about 10.5 pt.
WIDTH = 720
BAR_FILL = PALETTE[0]


@dataclass
class Chart:
    """An SVG drawing with a fixed aspect ratio (viewBox `width` × `height`)."""

    width: int
    height: int
    title: str
    description: str
    body: list[str] = field(default_factory=list)

    def svg(self) -> str:
        title = f"<title>{escape(self.title)}</title>" if self.title else ""
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" '
            f'width="100%" preserveAspectRatio="xMidYMid meet" role="img" class="chart" '
            f'font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" fill="{TEXT}">'
            f"{title}<desc>{escape(self.description)}</desc>"
            f'<rect x="0" y="0" width="{self.width}" height="{self.height}" fill="#ffffff"/>'
            + "".join(self.body)
            + "</svg>"
        )

    def __html__(self) -> str:
        return self.svg()

    def __str__(self) -> str:
        # Safe: every label and title was escaped while drawing. Lets templates write {{ chart }}.
        return mark_safe(self.svg())

    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg().encode()).decode()

    def png(self, width_px: int = 900) -> bytes:
        """The chart as a PNG `width_px` wide (for DOCX), Thai text shaped by Pango."""
        import pypdfium2

        from prongsai.documents.pdf import render_pdf

        page_w, page_h = self.width * 0.75, self.height * 0.75  # CSS px → pt
        html = (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
            f"@page {{ size: {page_w}pt {page_h}pt; margin: 0; }} html, body {{ margin: 0; }}"
            "svg { display: block; width: 100%; height: auto; }"
            f"</style></head><body>{self.svg()}</body></html>"
        )
        document = pypdfium2.PdfDocument(render_pdf(html))
        try:
            page = document[0]
            bitmap = page.render(scale=width_px / page_w, fill_color=(255, 255, 255, 255))
            image = bitmap.to_pil()
        finally:
            document.close()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()

    # --- drawing helpers ---

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        anchor: str = "start",
        size: float = FONT_SIZE,
        bold: bool = False,
        fill: str = TEXT,
        baseline: str = "middle",
    ) -> None:
        weight = ' font-weight="bold"' if bold else ""
        self.body.append(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" dominant-baseline="{baseline}" '
            f'font-size="{size}" fill="{fill}"{weight}>{escape(content)}</text>'
        )

    def line(
        self, x1: float, y1: float, x2: float, y2: float, *, stroke: str = GRID, width: float = 1, dash: str = ""
    ) -> None:
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        self.body.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" '
            f'stroke-width="{width}"{dash_attr}/>'
        )

    def wrapped(
        self,
        x: float,
        y: float,
        content: str,
        max_width: float,
        *,
        anchor: str = "start",
        size: float = FONT_SIZE,
        max_lines: int = 3,
        bold: bool = False,
    ) -> None:
        """Text over several lines, broken between Thai words, vertically centred on `y`."""
        lines = wrap(content, max_width, size, max_lines)
        step = size * 1.25
        top = y - step * (len(lines) - 1) / 2
        for index, line_text in enumerate(lines):
            self.text(x, top + index * step, line_text, anchor=anchor, size=size, bold=bold)


# --- text measuring --------------------------------------------------------------------------------------------


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """An estimate of the drawn width (Sarabun-like metrics); Thai marks above/below take no width."""
    width = 0.0
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        if char == " ":
            width += 0.26
        elif "\u0e00" <= char <= "\u0e7f":
            width += 0.56
        elif char.isupper() or char.isdecimal():
            width += 0.62
        else:
            width += 0.52
    return width * size


def _words(text: str) -> list[str]:
    if any("\u0e00" <= char <= "\u0e7f" for char in text):
        from pythainlp.tokenize import word_tokenize

        return word_tokenize(text, engine="newmm", keep_whitespace=True)
    parts: list[str] = []
    for index, word in enumerate(text.split(" ")):
        parts.extend([" ", word] if index else [word])
    return parts


def wrap(text: str, max_width: float, size: float = FONT_SIZE, max_lines: int = 3) -> list[str]:
    """Break `text` into lines no wider than `max_width`, between words; an ellipsis ends a cut text."""
    lines: list[str] = []
    current = ""
    for word in _words(str(text)):
        candidate = current + word
        if current and text_width(candidate.strip(), size) > max_width:
            lines.append(current.strip())
            current = word.lstrip()
        else:
            current = candidate
    if current.strip():
        lines.append(current.strip())
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + "…", size) > max_width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines or [""]


def number(value: float | None) -> str:
    if value is None:
        return "–"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def _nice_max(values: Sequence[float | None], target: float | None) -> float:
    """A round axis maximum above the data and target (100 for percentages and scores)."""
    top = max([v for v in values if v is not None] + ([target] if target is not None else []) + [0])
    if top <= 0:
        return 1.0
    if 50 < top <= 100:
        return 100.0
    magnitude = 10 ** math.floor(math.log10(top))
    for step in (1, 2, 2.5, 5, 10):
        if top <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _ticks(maximum: float, count: int = 5) -> list[float]:
    return [maximum * i / count for i in range(count + 1)]


def _legend(chart: Chart, names: Sequence[str], y: float) -> None:
    """One row (or more) of legend entries: a short line with the series' dash and marker, then the name."""
    x = 40.0
    for index, name in enumerate(names):
        entry = 46 + text_width(name) + 24
        if x + entry > chart.width - 20 and x > 40:
            x = 40.0
            y += FONT_SIZE * 1.6
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        chart.line(x, y, x + 36, y, stroke=colour, width=3, dash=dash)
        chart.body.append(_marker(index, x + 18, y, colour))
        chart.text(x + 44, y, name)
        x += entry


def _legend_height(width: int, names: Sequence[str]) -> float:
    rows, x = 1, 40.0
    for name in names:
        entry = 46 + text_width(name) + 24
        if x + entry > width - 20 and x > 40:
            rows, x = rows + 1, 40.0
        x += entry
    return rows * FONT_SIZE * 1.6 + 10


def _marker(index: int, x: float, y: float, colour: str) -> str:
    shape = index % 4
    if shape == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'
    if shape == 1:
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == 2:
        corners = [(x, y - 5.5), (x + 5, y + 4), (x - 5, y + 4)]  # triangle
    else:
        corners = [(x, y - 5.5), (x + 5.5, y), (x, y + 5.5), (x - 5.5, y)]  # diamond
    path = " L".join(f"{cx:.1f} {cy:.1f}" for cx, cy in corners)
    return f'<path d="M{path} Z" fill="{colour}"/>'


def _describe(title: str, series: Mapping[str, Sequence[float | None]], labels: Sequence[str]) -> str:
    parts = []
    for name, values in series.items():
        pairs = ", ".join(f"{label} {number(value)}" for label, value in zip(labels, values, strict=False))
        parts.append(f"{name}: {pairs}" if name else pairs)
    return (title + ". " if title else "") + "; ".join(parts)


def _title(chart: Chart) -> float:
    if not chart.title:
        return 12.0
    chart.wrapped(chart.width / 2, 26, chart.title, chart.width - 60, anchor="middle", size=20, max_lines=1, bold=True)
    return 52.0


def _check(labels: Sequence[str], series: Mapping[str, Sequence[float | None]]) -> None:
    for name, values in series.items():
        if len(values) != len(labels):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(labels)} labels")


# --- charts ----------------------------------------------------------------------------------------------------


def radar(
    labels: list[str], series: Mapping[str, Sequence[float | None]], *, max_value: float = 100, title: str = ""
) -> Chart:
    """A radar (spider) chart, e.g. the ten ITA indicators of this year and last year; None leaves a gap."""
    _check(labels, series)
    width = WIDTH
    legend_h = _legend_height(width, list(series)) if len(series) > 1 or any(series) else 0
    chart = Chart(width, 0, title, _describe(title, series, labels))
    top = _title(chart)
    radius = 190
    cx, cy = width / 2, top + radius + 70
    chart.height = int(cy + radius + 70 + legend_h)
    count = max(len(labels), 3)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        share = max(0.0, min(value / max_value, 1.0)) if max_value else 0.0
        return cx + radius * share * math.cos(angle), cy + radius * share * math.sin(angle)

    for step in range(1, 6):
        ring = [point(i, max_value * step / 5) for i in range(count)]
        chart.body.append(
            '<polygon points="'
            + " ".join(f"{x:.1f},{y:.1f}" for x, y in ring)
            + f'" fill="none" stroke="{GRID}" stroke-width="1"/>'
        )
        chart.text(cx + 4, ring[0][1], number(max_value * step / 5), size=13, fill=AXIS, baseline="auto")
    for index, label in enumerate(labels):
        x, y = point(index, max_value)
        chart.line(cx, cy, x, y, stroke=GRID)
        angle = -math.pi / 2 + 2 * math.pi * index / count
        lx, ly = cx + (radius + 22) * math.cos(angle), cy + (radius + 22) * math.sin(angle)
        anchor = "middle" if abs(math.cos(angle)) < 0.3 else ("start" if math.cos(angle) > 0 else "end")
        if abs(math.cos(angle)) < 0.3:
            ly += 14 * (1 if math.sin(angle) > 0 else -1)
        chart.wrapped(lx, ly, label, 140, anchor=anchor, size=15, max_lines=3)
    for index, values in enumerate(series.values()):
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        points = [point(i, v) if v is not None else None for i, v in enumerate(values)]
        if all(p is not None for p in points) and points:
            chart.body.append(
                '<polygon points="'
                + " ".join(f"{x:.1f},{y:.1f}" for x, y in points)  # type: ignore[misc]
                + f'" fill="{colour}" fill-opacity="0.12" stroke="{colour}" stroke-width="2.5"'
                + (f' stroke-dasharray="{dash}"' if dash else "")
                + "/>"
            )
        else:
            _open_path(chart, points + points[:1], colour, dash)
        for p in points:
            if p is not None:
                chart.body.append(_marker(index, p[0], p[1], colour))
    if legend_h:
        _legend(chart, list(series), chart.height - legend_h + 8)
    return chart


def _open_path(chart: Chart, points: Sequence[tuple[float, float] | None], colour: str, dash: str) -> None:
    """A polyline that stops at missing values (None) instead of drawing through them."""
    commands, pen_down = [], False
    for p in points:
        if p is None:
            pen_down = False
            continue
        commands.append(f"{'L' if pen_down else 'M'}{p[0]:.1f} {p[1]:.1f}")
        pen_down = True
    if commands:
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        chart.body.append(
            f'<path d="{" ".join(commands)}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )


def lines(
    x_labels: list[str], series: Mapping[str, Sequence[float | None]], *, title: str = "", target: float | None = None
) -> Chart:
    """A line chart over time (e.g. ITA score by fiscal year, monthly progress); None leaves a gap."""
    _check(x_labels, series)
    width = WIDTH
    legend_h = _legend_height(width, list(series)) if any(series) else 0
    chart = Chart(width, 0, title, _describe(title, series, x_labels))
    top = _title(chart) + 10
    plot_h = 320
    left, right = 70.0, width - 30.0
    label_lines = max(
        (len(wrap(label, max((right - left) / max(len(x_labels), 1) - 6, 30), 14, 2)) for label in x_labels), default=1
    )
    bottom = top + plot_h
    chart.height = int(bottom + 14 + label_lines * 18 + 16 + legend_h)
    maximum = _nice_max([v for values in series.values() for v in values], target)
    _value_axis(chart, left, right, top, bottom, maximum)
    count = len(x_labels)
    slot = (right - left) / max(count, 1)

    def x_of(index: int) -> float:
        return left + slot * (index + 0.5)

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * max(0.0, min(value / maximum, 1.0))

    for index, label in enumerate(x_labels):
        lines_ = wrap(label, max(slot - 6, 30), 14, 2)
        for row, text in enumerate(lines_):
            chart.text(x_of(index), bottom + 16 + row * 18, text, anchor="middle", size=14)
    if target is not None:
        _target_line(chart, left, right, y_of(target), target)
    for index, values in enumerate(series.values()):
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        points = [(x_of(i), y_of(v)) if v is not None else None for i, v in enumerate(values)]
        _open_path(chart, points, colour, dash)
        for p, value in zip(points, values, strict=True):
            if p is not None:
                chart.body.append(_marker(index, p[0], p[1], colour))
                if len(series) == 1:
                    chart.text(p[0], p[1] - 12, number(value), anchor="middle", size=13)
    if legend_h and (len(series) > 1 or any(series)):
        _legend(chart, list(series), chart.height - legend_h + 8)
    return chart


def _value_axis(chart: Chart, left: float, right: float, top: float, bottom: float, maximum: float) -> None:
    for tick in _ticks(maximum):
        y = bottom - (bottom - top) * tick / maximum
        chart.line(left, y, right, y, stroke=GRID)
        chart.text(left - 8, y, number(tick), anchor="end", size=13, fill=AXIS)
    chart.line(left, top, left, bottom, stroke=AXIS)
    chart.line(left, bottom, right, bottom, stroke=AXIS)


def _target_line(chart: Chart, x1: float, x2: float, y: float, target: float) -> None:
    chart.line(x1, y, x2, y, stroke=TARGET, width=2, dash="6 4")
    chart.text(x2, y - 10, _("Target %(value)s") % {"value": number(target)}, anchor="end", size=13, fill=TARGET)


def bars(
    labels: list[str],
    values: Sequence[float | None],
    *,
    title: str = "",
    target: float | None = None,
    horizontal: bool = True,
) -> Chart:
    """A bar chart (horizontal by default, which suits long Thai labels); None shows "no data"."""
    if len(values) != len(labels):
        raise ValueError(f"{len(values)} values for {len(labels)} labels")
    width = WIDTH
    chart = Chart(width, 0, title, _describe(title, {"": values}, labels))
    top = _title(chart) + 10
    maximum = _nice_max(values, target)
    if horizontal:
        _horizontal_bars(chart, labels, values, top, maximum, target)
    else:
        _vertical_bars(chart, labels, values, top, maximum, target)
    return chart


def _horizontal_bars(
    chart: Chart, labels: list[str], values: Sequence[float | None], top: float, maximum: float, target: float | None
) -> None:
    label_w = 240.0
    left, right = label_w + 20, chart.width - 70.0
    wrapped = [wrap(label, label_w, 15, 3) for label in labels]
    rows = [max(len(lines_) * 19 + 14, 34) for lines_ in wrapped]
    bottom = top + sum(rows)
    chart.height = int(bottom + 40)
    for tick in _ticks(maximum):
        x = left + (right - left) * tick / maximum
        chart.line(x, top, x, bottom, stroke=GRID)
        chart.text(x, bottom + 16, number(tick), anchor="middle", size=13, fill=AXIS)
    y = top
    for label_lines, row_h, value in zip(wrapped, rows, values, strict=True):
        middle = y + row_h / 2
        step = 19
        first = middle - step * (len(label_lines) - 1) / 2
        for index, text in enumerate(label_lines):
            chart.text(label_w, first + index * step, text, anchor="end", size=15)
        if value is None:
            chart.text(left + 6, middle, _("No data"), size=13, fill=AXIS)
        else:
            length = (right - left) * max(0.0, min(value / maximum, 1.0))
            chart.body.append(
                f'<rect x="{left:.1f}" y="{middle - 11:.1f}" width="{length:.1f}" height="22" fill="{BAR_FILL}"/>'
            )
            chart.text(left + length + 6, middle, number(value), size=13)
        y += row_h
    chart.line(left, top, left, bottom, stroke=AXIS)
    if target is not None:
        x = left + (right - left) * min(target / maximum, 1.0)
        chart.line(x, top - 4, x, bottom, stroke=TARGET, width=2, dash="6 4")
        chart.text(
            x, top - 12, _("Target %(value)s") % {"value": number(target)}, anchor="middle", size=13, fill=TARGET
        )


def _vertical_bars(
    chart: Chart, labels: list[str], values: Sequence[float | None], top: float, maximum: float, target: float | None
) -> None:
    left, right = 70.0, chart.width - 30.0
    plot_h = 320
    bottom = top + plot_h
    slot = (right - left) / max(len(labels), 1)
    wrapped = [wrap(label, max(slot - 8, 30), 14, 3) for label in labels]
    chart.height = int(bottom + 16 + max((len(w) for w in wrapped), default=1) * 18 + 16)
    _value_axis(chart, left, right, top, bottom, maximum)
    bar_w = min(slot * 0.6, 80)
    for index, (label_lines, value) in enumerate(zip(wrapped, values, strict=True)):
        x = left + slot * (index + 0.5)
        for row, text in enumerate(label_lines):
            chart.text(x, bottom + 16 + row * 18, text, anchor="middle", size=14)
        if value is None:
            chart.text(x, bottom - 14, _("No data"), anchor="middle", size=13, fill=AXIS)
            continue
        height = (bottom - top) * max(0.0, min(value / maximum, 1.0))
        chart.body.append(
            f'<rect x="{x - bar_w / 2:.1f}" y="{bottom - height:.1f}" width="{bar_w:.1f}" height="{height:.1f}" '
            f'fill="{BAR_FILL}"/>'
        )
        chart.text(x, bottom - height - 10, number(value), anchor="middle", size=13)
    if target is not None:
        y = bottom - (bottom - top) * min(target / maximum, 1.0)
        _target_line(chart, left, right, y, target)
