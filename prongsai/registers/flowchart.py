"""The borrowing procedure drawn as a vertical flowchart (SVG), generated from the configured steps.

Pure: takes plain step data, returns SVG markup with every text escaped. The SVG is decorative for screen
readers (`aria-hidden`); pages put the same steps beside it as an ordered list, the text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from pythainlp.tokenize import word_tokenize

WIDTH = 420
BOX_WIDTH = 340
LINE_HEIGHT = 20
PADDING = 12
GAP = 34
CHARS_PER_LINE = 34


@dataclass(frozen=True)
class Step:
    number: int
    name: str
    actor: str
    limit: str  # "" or e.g. "ภายใน 2 วัน"


def wrap(text: str, width: int = CHARS_PER_LINE) -> list[str]:
    """Break Thai text between words (Thai has no spaces between words), never inside one."""
    lines: list[str] = []
    current = ""
    for word in word_tokenize(text, keep_whitespace=True):
        if current and len(current) + len(word) > width:
            lines.append(current.rstrip())
            current = word.lstrip()
        else:
            current += word
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


def _box(y: int, step: Step, first: bool, last: bool) -> tuple[str, int]:
    lines = wrap(f"{step.number}. {step.name}")
    detail = " · ".join(p for p in (step.actor, step.limit) if p)
    detail_lines = wrap(detail, CHARS_PER_LINE + 6) if detail else []
    height = PADDING * 2 + LINE_HEIGHT * (len(lines) + len(detail_lines))
    x = (WIDTH - BOX_WIDTH) // 2
    radius = height // 2 if (first or last) else 6  # start and end are rounded "terminals"
    parts = [
        f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{height}" rx="{min(radius, 24)}" '
        f'fill="{"#dbe8f6" if first or last else "#f5f9fd"}" stroke="#1f4e79" stroke-width="2"/>'
    ]
    ty = y + PADDING + LINE_HEIGHT - 5
    for line in lines:
        parts.append(
            f'<text x="{WIDTH // 2}" y="{ty}" fill="#111111" font-size="15" font-weight="bold" '
            f'text-anchor="middle">{escape(line)}</text>'
        )
        ty += LINE_HEIGHT
    for line in detail_lines:
        parts.append(
            f'<text x="{WIDTH // 2}" y="{ty}" fill="#333333" font-size="13" text-anchor="middle">{escape(line)}</text>'
        )
        ty += LINE_HEIGHT
    return "".join(parts), height


def svg(steps: Sequence[Step], title: str) -> str:
    """The whole chart; boxes joined by arrows in step order."""
    body: list[str] = []
    y = 10
    for n, step in enumerate(steps):
        if n:
            x = WIDTH // 2
            body.append(
                f'<line x1="{x}" y1="{y - GAP + 2}" x2="{x}" y2="{y - 4}" stroke="#1f4e79" stroke-width="2" '
                'marker-end="url(#fc-head)"/>'
            )
        markup, height = _box(y, step, n == 0, n == len(steps) - 1)
        body.append(markup)
        y += height + GAP
    total = y - GAP + 10
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {total}" width="{WIDTH}" height="{total}" '
        f'class="flowchart" role="img" aria-hidden="true" focusable="false"><title>{escape(title)}</title>'
        '<defs><marker id="fc-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1f4e79"/></marker></defs>'
        '<g font-family="Sarabun, TH SarabunPSK, sans-serif">' + "".join(body) + "</g></svg>"
    )
