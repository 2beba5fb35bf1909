"""Every document or export a user can download, by kind name: the UI and `prongsai document` share it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class DocumentError(ValueError):
    """The document cannot be made (unknown kind, format, year…); the message says what to change."""


@dataclass(frozen=True)
class DocumentRequest:
    """What a renderer gets: the agency, the fiscal year, the format and kind-specific options."""

    agency: Any
    fiscal_year: int | None
    format: str
    options: Mapping[str, str] = field(default_factory=dict)
    language: str = "th"


@dataclass(frozen=True)
class Document:
    content: bytes
    filename: str
    format: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


Renderer = Callable[[DocumentRequest], Document]


Permission = Callable[[Any], bool]  # AgencyAccess → may this member download the kind (beyond Can.EXPORT)?


@dataclass(frozen=True)
class DocumentKind:
    name: str
    title: str | Promise
    formats: tuple[str, ...]
    render: Renderer
    needs_year: bool = True
    options_help: str = ""
    permitted: Permission | None = None  # None: every member who may export

    def allows(self, access: Any) -> bool:
        """Whether this member may download the kind on the web (`prongsai document` is the machine's operator)."""
        return self.permitted is None or bool(self.permitted(access))


KINDS: dict[str, DocumentKind] = {}


def register(
    name: str,
    title: str | Promise,
    formats: tuple[str, ...],
    *,
    needs_year: bool = True,
    options_help: str = "",
    permitted: Permission | None = None,
) -> Callable[[Renderer], Renderer]:
    """Register a kind. `permitted(access)` narrows who may download it on the web, for kinds that show more
    than a member's own pages do (the audit trail, everyone's declarations, unused survey codes)."""

    def decorator(render: Renderer) -> Renderer:
        if name in KINDS and KINDS[name].render is not render:
            raise ValueError(f"document kind {name!r} is registered twice")
        KINDS[name] = DocumentKind(name, title, formats, render, needs_year, options_help, permitted)
        return render

    return decorator


def render(name: str, request: DocumentRequest) -> Document:
    kind = KINDS.get(name)
    if kind is None:
        raise DocumentError(f"unknown document kind {name!r}; known kinds: {', '.join(sorted(KINDS))}")
    if request.format not in kind.formats:
        raise DocumentError(f"{name} is made as {', '.join(kind.formats)}, not {request.format}")
    if kind.needs_year and request.fiscal_year is None:
        raise DocumentError(f"{name} needs a fiscal year (--year, e.g. 2568)")
    return kind.render(request)
