"""Loading criteria files into the database, idempotently."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.db import transaction

from prongsai.criteria import framework
from prongsai.criteria.models import CriteriaVersion


def checksum(content: Mapping[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _jsonable(content: Mapping[str, Any]) -> dict[str, Any]:
    # YAML may hold dates; the stored document is plain JSON.
    return json.loads(json.dumps(content, ensure_ascii=False, default=str))


@transaction.atomic
def load_criteria(
    content: Mapping[str, Any], *, source: str = "<criteria>", owner: Any = None, user: Any = None
) -> tuple[CriteriaVersion, bool]:
    """Validate and store one version. Returns (version, created).

    Loading the same content again changes nothing; different content under an existing code is
    refused, because assessments bound to that version must keep meaning what they meant.
    """
    content = _jsonable(content)
    parsed = framework.parse(content, source=source)
    digest = checksum(content)
    existing = CriteriaVersion.objects.filter(code=parsed.code).first()
    if existing is not None:
        if existing.checksum == digest:
            return existing, False
        raise framework.CriteriaError(
            source,
            [
                f"version {parsed.code} is already loaded with different content; a loaded version is never "
                "edited — give the corrected file a new code (for example "
                f"{parsed.code}-r2) and load that"
            ],
        )
    version = CriteriaVersion.objects.create(
        code=parsed.code,
        fiscal_year=parsed.fiscal_year,
        title_th=parsed.title_th,
        status=parsed.status,
        based_on=parsed.based_on or "",
        owner=owner,
        content=content,
        checksum=digest,
        loaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    return version, True


def load_file(path: Path | str, **kwargs: Any) -> tuple[CriteriaVersion, bool]:
    return load_criteria(framework.read_file(path), source=str(path), **kwargs)


def load_shipped() -> list[tuple[CriteriaVersion, bool]]:
    return [load_file(framework.find(code)) for code in framework.shipped_codes()]
