"""Publicity (guideline 2.4): the facts a share shows, ready post texts, and the 1200×630 PNG card."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from decimal import Decimal

from PIL import Image, ImageDraw, ImageFont

from prongsai.assessments.models import AssessmentResult
from prongsai.plans.models import Plan
from prongsai.plans.overview import PlanView

CARD_SIZE = (1200, 630)
BLUE = (13, 71, 161)
GREEN = (46, 125, 50)
LIGHT = (232, 240, 254)


@dataclass(frozen=True)
class CardFacts:
    agency: str
    fiscal_year: int
    result_year: int | None
    total: Decimal | None
    level: str
    measures: int
    done: int
    mean_progress: int

    @property
    def title(self) -> str:
        return f"แผนยกระดับผลการประเมิน ITA ปีงบประมาณ พ.ศ. {self.fiscal_year} {self.agency}"

    @property
    def summary(self) -> str:
        parts = []
        if self.total is not None:
            parts.append(f"ผลการประเมิน ITA ปี {self.result_year} ได้ {self.total:.2f} คะแนน ระดับ “{self.level}”")
        parts.append(
            f"แผนปี {self.fiscal_year} มี {self.measures} มาตรการ ดำเนินการแล้วเสร็จ {self.done} มาตรการ "
            f"ความก้าวหน้าเฉลี่ยร้อยละ {self.mean_progress}"
        )
        return " · ".join(parts)


def last_result(plan: Plan) -> AssessmentResult | None:
    """The most recent published result before the plan's year: what the plan improves on."""
    return (
        AssessmentResult.objects.filter(
            assessment__agency_id=plan.assessment.agency_id, assessment__fiscal_year__lt=plan.fiscal_year
        )
        .select_related("assessment__criteria")
        .order_by("-assessment__fiscal_year")
        .first()
    )


def card_facts(plan: Plan, view: PlanView) -> CardFacts:
    result = last_result(plan)
    level = result.level if result else None
    return CardFacts(
        agency=plan.assessment.agency.name_th,
        fiscal_year=plan.fiscal_year,
        result_year=result.assessment.fiscal_year if result else None,
        total=result.total if result else None,
        level=level.name_th if level else (result.level_code if result else ""),
        measures=view.tally.total,
        done=view.tally.done,
        mean_progress=view.tally.mean_progress,
    )


def posts(card: CardFacts, url: str) -> dict[str, str]:
    """Ready-to-paste texts: Facebook (longer, hashtags) and LINE (short)."""
    facebook = (
        f"{card.agency} เผยแพร่แผนยกระดับผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
        f"(ITA) ประจำปีงบประมาณ พ.ศ. {card.fiscal_year}\n\n{card.summary}\n\n"
        f"ติดตามความก้าวหน้าของทุกมาตรการได้ที่ {url}\n\n#ITA{card.fiscal_year} #คุณธรรมและความโปร่งใส #{card.agency}"
    ).replace("# ", "#")
    line = f"{card.agency}: แผนยกระดับ ITA ปี {card.fiscal_year} — {card.summary}\n{url}"
    return {"facebook": facebook, "line": line}


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    from prongsai.documents import fonts

    face = fonts.font_set().face(700 if bold else 400)
    return ImageFont.truetype(str(face.path), size, layout_engine=ImageFont.Layout.RAQM)


def _fit(draw: ImageDraw.ImageDraw, text: str, size: int, width: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    font = _font(size, bold)
    while size > 18 and draw.textlength(text, font=font) > width:
        size -= 2
        font = _font(size, bold)
    return font


@functools.lru_cache(maxsize=64)
def card_png(card: CardFacts) -> bytes:
    """The share image: agency, year, last result and plan progress, in Thai, drawn with the document font."""
    image = Image.new("RGB", CARD_SIZE, "white")
    draw = ImageDraw.Draw(image)
    width, height = CARD_SIZE
    draw.rectangle((0, 0, width, 150), fill=BLUE)
    draw.text((60, 28), card.agency, font=_fit(draw, card.agency, 56, width - 120, bold=True), fill="white")
    subtitle = f"แผนยกระดับผลการประเมิน ITA ปีงบประมาณ พ.ศ. {card.fiscal_year}"
    draw.text((60, 98), subtitle, font=_fit(draw, subtitle, 34, width - 120), fill=LIGHT)
    if card.total is not None:
        draw.text((60, 190), f"ผล ITA ปี {card.result_year}", font=_font(34), fill=(60, 60, 60))
        draw.text((60, 235), f"{card.total:.2f}", font=_font(120, bold=True), fill=BLUE)
        draw.text((60, 390), card.level, font=_fit(draw, card.level, 52, 460, bold=True), fill=GREEN)
    left = 600
    draw.text((left, 190), "ความก้าวหน้าของแผน", font=_font(34), fill=(60, 60, 60))
    draw.text((left, 235), f"{card.mean_progress}%", font=_font(120, bold=True), fill=GREEN)
    bar_top = 400
    draw.rounded_rectangle((left, bar_top, width - 60, bar_top + 36), radius=18, fill=(225, 230, 235))
    filled = left + int((width - 60 - left) * card.mean_progress / 100)
    if card.mean_progress:
        draw.rounded_rectangle((left, bar_top, max(filled, left + 36), bar_top + 36), radius=18, fill=GREEN)
    done = f"เสร็จแล้ว {card.done} จาก {card.measures} มาตรการ"
    draw.text((left, 455), done, font=_fit(draw, done, 36, width - 60 - left), fill=(40, 40, 40))
    draw.rectangle((0, height - 70, width, height), fill=LIGHT)
    draw.text((60, height - 58), "คุณธรรมและความโปร่งใส · Prongsai", font=_font(30), fill=BLUE)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
