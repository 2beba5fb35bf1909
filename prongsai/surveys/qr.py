"""QR codes for links and one-time codes (segno: pure Python, SVG and PNG)."""

from __future__ import annotations

import io

import segno


def svg(url: str, scale: int = 4, border: int = 2) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=scale, border=border, xmldecl=False, svgns=True)
    return out.getvalue()


def png(url: str, scale: int = 10, border: int = 4) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=scale, border=border)
    return out.getvalue()


def data_uri(url: str, scale: int = 4) -> str:
    """An SVG data URI for <img src> (the CSP allows data: images, not inline SVG styles)."""
    return segno.make(url, error="m").svg_data_uri(scale=scale, border=2)
