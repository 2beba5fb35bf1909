"""Walking Django's URL patterns and filling their parameters with real records of an agency.

Shared by the isolation, accessibility and fuzz tests so that each covers every page that exists today
and every page added later, without a list to keep up to date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db.models import ForeignKey, Model, OneToOneField
from django.urls import URLPattern, URLResolver, get_resolver

from prongsai.agencies.models import Agency

PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
STRING_VALUES = {"fmt": "xlsx", "kind": "results", "verb": "approve", "code": "O1", "ext": "pdf"}
SKIP_WORDS = {"a", "p", "s", "slug", "int", "str", "agency"}


@dataclass(frozen=True)
class Route:
    route: str  # e.g. "a/<slug:agency>/plan/measures/<int:pk>/"

    @property
    def params(self) -> list[tuple[str, str]]:
        return [(m["converter"] or "str", m["name"]) for m in PARAM.finditer(self.route)]

    def fill(self, values: dict[str, object]) -> str:
        return "/" + PARAM.sub(lambda m: str(values[m["name"]]), self.route)

    def words_before(self, name: str) -> list[str]:
        before = self.route.split(f":{name}>")[0]
        words = [w.rstrip("s") for w in re.split(r"[/<>:._-]+", before) if w and w not in SKIP_WORDS]
        extra = name.replace("_pk", "").replace("_id", "")
        return words[-2:] + ([extra] if name not in ("pk", "id", "code", "token") else [])


def routes(prefixes: tuple[str, ...]) -> list[Route]:
    def walk(patterns: list, prefix: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    found = [r for r in walk(get_resolver().url_patterns, "") if r.startswith(prefixes)]
    unusable = [r for r in found if "(?P<" in r or "^" in r]
    assert not unusable, f"regex routes cannot be walked: {unusable}"
    return [Route(r) for r in found]


def agency_path(model: type[Model], depth: int = 4) -> str | None:
    """The ORM lookup from a model to its Agency ("agency", "assessment__agency", …), if it has one."""
    if model is Agency:
        return None
    frontier: list[tuple[type[Model], str]] = [(model, "")]
    for _ in range(depth):
        following = []
        for current, prefix in frontier:
            for field in current._meta.get_fields():
                if not isinstance(field, (ForeignKey, OneToOneField)) or not field.concrete:
                    continue
                lookup = f"{prefix}{field.name}"
                if field.related_model is Agency:
                    return lookup
                following.append((field.related_model, lookup + "__"))
        frontier = following
    return None


def scoped_models() -> list[tuple[type[Model], str]]:
    return [(m, p) for m in apps.get_models() if (p := agency_path(m)) is not None]


def ids_by_model(agency: Agency) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for model, path in scoped_models():
        if model._meta.pk.get_internal_type() not in ("AutoField", "BigAutoField"):
            continue
        ids = set(model._default_manager.filter(**{path: agency}).values_list("pk", flat=True)[:200])
        if ids:
            found[model._meta.model_name] = ids
    return found


def candidate_ids(route: Route, name: str, theirs: dict[str, set[int]], ours: set[int] | None = None) -> list[int]:
    """Ids of an agency's records the parameter most likely names (by the path words before it)."""
    ours = ours or set()
    words = route.words_before(name)
    matched = sorted(
        {i for model, ids in theirs.items() if any(w in model or model in w for w in words) for i in ids} - ours
    )
    if matched:
        return matched[:2] + matched[-1:] if len(matched) > 2 else matched
    everything = sorted(set().union(*theirs.values()) - ours) if theirs else []
    return everything[:2]


def string_values(route: Route, name: str, agency: Agency) -> list[str]:
    """Values of a field called `name` in the agency's records that match the path (codes, tokens)."""
    words = route.words_before(name)
    values: list[str] = []
    for model, path in scoped_models():
        field_names = {f.name for f in model._meta.concrete_fields}
        if name not in field_names:
            continue
        label = model._meta.model_name
        if not any(w in label or label in w for w in words) and name != "token":
            continue
        values += [
            str(v) for v in model._default_manager.filter(**{path: agency}).values_list(name, flat=True)[:3] if v
        ]
    fallback = STRING_VALUES.get(name)
    return values or ([fallback] if fallback else ["x"])


def fillings(route: Route, agency: Agency, ids: dict[str, set[int]], year: int = 2568) -> list[str]:
    """A few URLs for the route, with the agency's own records in every parameter."""
    options: dict[str, list[object]] = {}
    for converter, name in route.params:
        if name == "agency":
            options[name] = [agency.slug]
        elif converter == "int" and "year" in name:
            options[name] = [year]
        elif converter == "int" and name == "number":
            options[name] = [1]
        elif converter == "int":
            options[name] = candidate_ids(route, name, ids) or [1]
        else:
            options[name] = string_values(route, name, agency)
    width = max(len(v) for v in options.values()) if options else 1
    urls = []
    for index in range(width):
        urls.append(route.fill({k: v[min(index, len(v) - 1)] for k, v in options.items()}))
    return list(dict.fromkeys(urls))
