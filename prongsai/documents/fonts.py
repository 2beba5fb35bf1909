"""Which TTF files draw Thai in generated documents: the agency's own fonts in settings.FONT_DIR first,
then the Sarabun family that the `fontpkg-sarabun` wheel installs (see docs/documents.md)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTFont, TTLibError

#: The official government font (ระเบียบงานสารบรรณ); its 16 pt is the official body size.
OFFICIAL_FAMILY = "TH SarabunPSK"
#: Families with TH SarabunPSK's small em, in the order we prefer them when several are in FONT_DIR.
SARABUN_PSK_LIKE = ("TH SarabunPSK", "TH Sarabun New", "TH SarabunIT๙", "TH SarabunIT9")
#: 16 pt TH SarabunPSK ≈ 11 pt Google Sarabun (TECH-NOTES): the size factor for the packaged font.
PACKAGED_SCALE = 11 / 16


@dataclass(frozen=True)
class FontFace:
    path: Path
    weight: int  # 400 or 700
    italic: bool


@dataclass(frozen=True)
class FontSet:
    """The faces of one family and the factor that turns official (TH SarabunPSK) point sizes into its sizes."""

    family: str
    faces: tuple[FontFace, ...]
    scale: float
    packaged: bool

    def face(self, weight: int = 400, italic: bool = False) -> FontFace:
        return min(self.faces, key=lambda f: (abs(f.weight - weight), f.italic != italic))

    def pt(self, official_pt: float) -> float:
        """The size in this font that looks like `official_pt` in TH SarabunPSK."""
        return round(official_pt * self.scale, 2)


def _describe(path: Path) -> tuple[str, int, bool] | None:
    """(family, weight, italic) of a TTF/OTF file, or None if it is not a font we can read."""
    try:
        font = TTFont(path, lazy=True)
    except (TTLibError, OSError):
        return None
    try:
        names = font["name"]
        family = str(names.getDebugName(16) or names.getDebugName(1) or "")
        subfamily = str(names.getDebugName(17) or names.getDebugName(2) or "").lower()
        os2 = font.get("OS/2")
        weight = os2.usWeightClass if os2 is not None else (700 if "bold" in subfamily else 400)
        italic = bool(os2.fsSelection & 1) if os2 is not None else "italic" in subfamily
        if "bold" in subfamily and weight < 600:
            weight = 700  # old Thai fonts often leave usWeightClass at 400 on their bold file
        has_thai = any(0x0E01 in (table.cmap or {}) for table in font["cmap"].tables if table.isUnicode())
    except (KeyError, AttributeError, TTLibError):
        return None
    finally:
        font.close()
    return (family, 700 if weight >= 600 else 400, italic) if family and has_thai else None


def _agency_fonts(font_dir: Path) -> FontSet | None:
    if not font_dir.is_dir():
        return None
    families: dict[str, list[FontFace]] = {}
    for path in sorted(font_dir.iterdir()):
        if path.suffix.lower() not in (".ttf", ".otf"):
            continue
        described = _describe(path)
        if described:
            family, weight, italic = described
            families.setdefault(family, []).append(FontFace(path, weight, italic))
    if not families:
        return None
    preference = {name: rank for rank, name in enumerate(SARABUN_PSK_LIKE)}
    family = min(families, key=lambda name: (preference.get(name, len(preference)), name))
    scale = 1.0 if family in SARABUN_PSK_LIKE else PACKAGED_SCALE
    return FontSet(family, _dedupe(families[family]), scale, packaged=False)


def _dedupe(faces: list[FontFace]) -> tuple[FontFace, ...]:
    seen: dict[tuple[int, bool], FontFace] = {}
    for face in faces:
        seen.setdefault((face.weight, face.italic), face)
    return tuple(seen.values())


def _packaged_fonts() -> FontSet:
    import fontpkg  # the fontpkg-sarabun wheel registers the "sarabun" family with fontpkg

    faces = tuple(
        FontFace(Path(fontpkg.path("sarabun", weight, style)), weight, style == "italic")
        for weight in (400, 700)
        for style in ("normal", "italic")
    )
    return FontSet("Sarabun", faces, PACKAGED_SCALE, packaged=True)


@functools.cache
def _font_set(font_dir: str) -> FontSet:
    return _agency_fonts(Path(font_dir)) or _packaged_fonts()


def font_set() -> FontSet:
    """The fonts to use now: cached per FONT_DIR (restart the server after adding fonts there)."""
    return _font_set(str(settings.FONT_DIR))


def clear_cache() -> None:
    _font_set.cache_clear()
