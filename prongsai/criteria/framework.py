"""ITA criteria as data: parse, validate and hold one criteria version in memory.

Pure Python (no ORM, no HTTP). The scoring engine, the loader and the CLI all work on the
`Criteria` object built here, so a criteria file means the same thing everywhere.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

import jsonschema
import yaml

SCHEMA_PATH = Path(__file__).with_name("schema.json")
VERSIONS_DIR = Path(__file__).with_name("versions")
INSTRUMENTS = ("IIT", "EIT", "OIT")
SURVEYS = ("IIT", "EIT")


class CriteriaError(ValueError):
    """A criteria file that cannot be used; `problems` names each bad place."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


@dataclass(frozen=True)
class Fact:
    """Provenance shared by every entry of a criteria file."""

    confidence: str = "U"
    source: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Instrument:
    code: str
    name_th: str
    name_en: str
    weight: Decimal
    indicators: tuple[int, ...]
    fact: Fact


@dataclass(frozen=True)
class Indicator:
    number: int
    name_th: str
    name_en: str
    instrument: str
    fact: Fact


@dataclass(frozen=True)
class ScaleOption:
    position: int  # 1-based, as listed in the file; this is what CSV answers hold
    label_th: str
    label_en: str
    points: Decimal


@dataclass(frozen=True)
class Scale:
    code: str
    options: tuple[ScaleOption, ...]
    description: str
    fact: Fact

    def points(self, position: int, reverse: bool = False) -> Decimal:
        """Points of the option at 1-based `position`; reverse scoring mirrors the points, not the labels."""
        index = len(self.options) - position if reverse else position - 1
        return self.options[index].points


@dataclass(frozen=True)
class AnswerKey:
    """One answerable cell: a sub-item, or a question without sub-items."""

    code: str
    question: str
    text_th: str
    scale: str
    reverse: bool


@dataclass(frozen=True)
class Question:
    code: str
    instrument: str
    indicator: int
    text_th: str
    text_en: str
    keys: tuple[AnswerKey, ...]
    fact: Fact


@dataclass(frozen=True)
class Component:
    code: str
    text_th: str
    text_en: str
    fact: Fact


@dataclass(frozen=True)
class SubIndicator:
    code: str
    indicator: int
    name_th: str
    name_en: str
    fact: Fact


@dataclass(frozen=True)
class OitItem:
    code: str
    title_th: str
    title_en: str
    sub_indicator: str
    indicator: int
    components: tuple[Component, ...]
    period: str
    hints_th: tuple[str, ...]
    keywords: tuple[str, ...]
    default_department: str
    previous_codes: tuple[str, ...]
    fact: Fact


@dataclass(frozen=True)
class Level:
    code: str
    name_th: str
    name_en: str
    min_total: Decimal
    each_instrument_min: Decimal | None
    colour: str
    passing: bool
    fact: Fact


@dataclass(frozen=True)
class SampleRule:
    agency_type: str | None
    size: str | None
    part: str
    minimum: int | None
    percent_of_population: Decimal | None
    at_least: int | None
    at_most: int | None
    fact: Fact


@dataclass(frozen=True)
class Criteria:
    """One criteria version, validated. Never mutated: a correction is a new version."""

    code: str
    fiscal_year: int
    title_th: str
    title_en: str
    status: str
    based_on: str | None
    previous: str | None
    instruments: tuple[Instrument, ...]
    indicators: tuple[Indicator, ...]
    scales: Mapping[str, Scale]
    sub_indicators: tuple[SubIndicator, ...]
    oit_items: tuple[OitItem, ...]
    questions: tuple[Question, ...]
    oit_instrument_rule: str
    decimals: int
    levels: tuple[Level, ...]
    sample_rules: Mapping[str, tuple[SampleRule, ...]]
    survey_links: Mapping[str, str]
    aggregation_fact: Fact
    raw: Mapping[str, Any] = field(repr=False, compare=False)

    def instrument(self, code: str) -> Instrument:
        return next(i for i in self.instruments if i.code == code)

    def indicator(self, number: int) -> Indicator:
        return next(i for i in self.indicators if i.number == number)

    def questions_of(self, instrument: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.instrument == instrument)

    def answer_keys(self, instrument: str) -> tuple[AnswerKey, ...]:
        return tuple(k for q in self.questions_of(instrument) for k in q.keys)

    def oit_item(self, code: str) -> OitItem:
        return self._items_by_code[code]

    @cached_property
    def _items_by_code(self) -> dict[str, OitItem]:
        return {item.code: item for item in self.oit_items}

    def unconfirmed_facts(self) -> list[tuple[str, Fact]]:
        """Every entry not marked confirmed, so users see what they rely on."""
        entries: list[tuple[str, Fact]] = []
        entries += [(f"{i.code} weight {i.weight}", i.fact) for i in self.instruments]
        entries += [(f"{i.number}. {i.name_th}", i.fact) for i in self.indicators]
        entries += [(f"{i.code} {i.title_th}", i.fact) for i in self.oit_items]
        entries += [(f"{c.code} {c.text_th}", c.fact) for i in self.oit_items for c in i.components]
        entries += [(f"{q.code} {q.text_th[:60]}", q.fact) for q in self.questions]
        entries += [(f"{lv.name_th}", lv.fact) for lv in self.levels]
        entries += [(f"{s.code} {s.name_th}", s.fact) for s in self.sub_indicators]
        entries += [(f"scale {s.code}", s.fact) for s in self.scales.values()]
        entries += [(f"aggregation: OIT = {self.oit_instrument_rule}", self.aggregation_fact)]
        entries += [
            (f"{inst} sample {r.agency_type or '*'} {r.size or '*'}: {r.minimum}", r.fact)
            for inst, rules in self.sample_rules.items()
            for r in rules
        ]
        return [(label, fact) for label, fact in entries if fact.confidence != "C"]


def _fact(entry: Mapping[str, Any], default: Fact) -> Fact:
    return Fact(
        confidence=entry.get("confidence", default.confidence),
        source=tuple(entry.get("source", ())),
        note=entry.get("note", ""),
    )


def _dec(value: float | int | str) -> Decimal:
    # Through str so that 33.33 in YAML stays 33.33, not its binary neighbour.
    return Decimal(str(value))


def read_file(path: Path | str) -> dict[str, Any]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CriteriaError(str(path), [f"cannot read the file ({exc.strerror})"]) from exc
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise CriteriaError(str(path), [f"not valid YAML/JSON: {exc}"]) from exc
    if not isinstance(data, dict):
        raise CriteriaError(str(path), ["the file must hold a mapping at the top level"])
    return data


def _schema_problems(data: Mapping[str, Any]) -> list[str]:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        where = ".".join(str(p) for p in error.absolute_path) or "(top level)"
        problems.append(f"{where}: {error.message}")
    return problems


def parse(data: Mapping[str, Any], source: str = "<criteria>") -> Criteria:
    """Validate `data` (a loaded criteria file) and build the Criteria object, or raise CriteriaError."""
    problems = _schema_problems(data)
    if problems:
        raise CriteriaError(source, problems)
    builder = _Builder(data)
    criteria = builder.build()
    if builder.problems:
        raise CriteriaError(source, builder.problems)
    return criteria


def load(path: Path | str) -> Criteria:
    return parse(read_file(path), source=str(path))


def find(code_or_path: str) -> Path:
    """Resolve `ita-2568` to the shipped file, or accept a path to any criteria file."""
    candidate = Path(code_or_path)
    if candidate.suffix in {".yaml", ".yml", ".json"}:
        if not candidate.exists():
            raise CriteriaError(code_or_path, ["no such file"])
        return candidate
    shipped = VERSIONS_DIR / f"{code_or_path}.yaml"
    if not shipped.exists():
        known = ", ".join(shipped_codes()) or "none"
        raise CriteriaError(code_or_path, [f"unknown criteria version (shipped: {known})"])
    return shipped


def shipped_codes() -> list[str]:
    return sorted(p.stem for p in VERSIONS_DIR.glob("*.yaml"))


class _Builder:
    """Turns validated data into dataclasses, collecting cross-reference problems."""

    def __init__(self, data: Mapping[str, Any]):
        self.data = data
        self.problems: list[str] = []
        self.default_fact = Fact()

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def build(self) -> Criteria:
        data = self.data
        indicators = self._indicators()
        instruments = self._instruments(indicators)
        scales = self._scales()
        sub_indicators = self._sub_indicators(indicators)
        items = self._oit_items(sub_indicators)
        questions = self._questions("IIT", indicators, scales) + self._questions("EIT", indicators, scales)
        levels = self._levels()
        aggregation = data["aggregation"]
        sampling = data.get("sampling", {})
        return Criteria(
            code=data["code"],
            fiscal_year=data["fiscal_year"],
            title_th=data["title_th"],
            title_en=data.get("title_en", ""),
            status=data["status"],
            based_on=data.get("based_on"),
            previous=data.get("previous"),
            instruments=instruments,
            indicators=indicators,
            scales=scales,
            sub_indicators=sub_indicators,
            oit_items=items,
            questions=questions,
            oit_instrument_rule=aggregation["oit_instrument"],
            decimals=aggregation.get("decimals", 2),
            levels=levels,
            sample_rules={
                key.upper(): tuple(self._sample_rule(r) for r in sampling.get(key, {}).get("rules", ()))
                for key in ("iit", "eit")
            },
            survey_links=dict(data.get("survey_links", {})),
            aggregation_fact=_fact(aggregation, self.default_fact),
            raw=data,
        )

    def _indicators(self) -> tuple[Indicator, ...]:
        seen: set[int] = set()
        result = []
        for n, entry in enumerate(self.data["indicators"]):
            if entry["number"] in seen:
                self.problem(f"indicators.{n}.number", f"indicator {entry['number']} is listed twice")
            seen.add(entry["number"])
            result.append(
                Indicator(
                    number=entry["number"],
                    name_th=entry["name_th"],
                    name_en=entry.get("name_en", ""),
                    instrument=entry["instrument"],
                    fact=_fact(entry, self.default_fact),
                )
            )
        return tuple(sorted(result, key=lambda i: i.number))

    def _instruments(self, indicators: tuple[Indicator, ...]) -> tuple[Instrument, ...]:
        result = []
        codes = [e["code"] for e in self.data["instruments"]]
        for code in INSTRUMENTS:
            if codes.count(code) != 1:
                self.problem("instruments", f"{code} must be listed exactly once")
        for entry in self.data["instruments"]:
            own = tuple(i.number for i in indicators if i.instrument == entry["code"])
            if not own:
                self.problem(f"instruments.{entry['code']}", "no indicator belongs to this instrument")
            result.append(
                Instrument(
                    code=entry["code"],
                    name_th=entry["name_th"],
                    name_en=entry.get("name_en", ""),
                    weight=_dec(entry["weight"]),
                    indicators=own,
                    fact=_fact(entry, self.default_fact),
                )
            )
        total = sum((i.weight for i in result), Decimal(0))
        if total != 100:
            self.problem("instruments", f"the weights add up to {total}, not 100")
        return tuple(sorted(result, key=lambda i: INSTRUMENTS.index(i.code)))

    def _scales(self) -> dict[str, Scale]:
        scales = {}
        for code, entry in self.data["scales"].items():
            options = tuple(
                ScaleOption(n + 1, o["label_th"], o.get("label_en", ""), _dec(o["points"]))
                for n, o in enumerate(entry["options"])
            )
            scales[code] = Scale(code, options, entry.get("description", ""), _fact(entry, self.default_fact))
        return scales

    def _sub_indicators(self, indicators: tuple[Indicator, ...]) -> tuple[SubIndicator, ...]:
        oit_numbers = {i.number for i in indicators if i.instrument == "OIT"}
        result = []
        for n, entry in enumerate(self.data["oit"].get("sub_indicators", ())):
            if entry["indicator"] not in oit_numbers:
                self.problem(f"oit.sub_indicators.{n}.indicator", f"{entry['indicator']} is not an OIT indicator")
            result.append(
                SubIndicator(
                    entry["code"],
                    entry["indicator"],
                    entry["name_th"],
                    entry.get("name_en", ""),
                    _fact(entry, self.default_fact),
                )
            )
        return tuple(result)

    def _oit_items(self, sub_indicators: tuple[SubIndicator, ...]) -> tuple[OitItem, ...]:
        by_code = {s.code: s for s in sub_indicators}
        seen: set[str] = set()
        result = []
        for n, entry in enumerate(self.data["oit"]["items"]):
            where = f"oit.items.{n} ({entry['code']})"
            if entry["code"] in seen:
                self.problem(where, "item code is listed twice")
            seen.add(entry["code"])
            sub = by_code.get(entry["sub_indicator"])
            if sub is None:
                self.problem(where, f"sub_indicator {entry['sub_indicator']!r} is not defined in oit.sub_indicators")
                continue
            components = tuple(
                Component(c["code"], c["text_th"], c.get("text_en", ""), _fact(c, _fact(entry, self.default_fact)))
                for c in entry.get("components", ())
            )
            for c in components:
                if not c.code.startswith(entry["code"] + "."):
                    self.problem(where, f"component {c.code} does not belong to {entry['code']}")
            if len({c.code for c in components}) != len(components):
                self.problem(where, "component codes repeat")
            result.append(
                OitItem(
                    code=entry["code"],
                    title_th=entry["title_th"],
                    title_en=entry.get("title_en", ""),
                    sub_indicator=sub.code,
                    indicator=sub.indicator,
                    components=components,
                    period=entry.get("period", "current_year"),
                    hints_th=tuple(entry.get("hints_th", ())),
                    keywords=tuple(entry.get("keywords", ())),
                    default_department=entry.get("default_department", ""),
                    previous_codes=tuple(entry.get("previous_codes", ())),
                    fact=_fact(entry, self.default_fact),
                )
            )
        return tuple(result)

    def _questions(self, instrument: str, indicators: tuple[Indicator, ...], scales: Mapping[str, Scale]):
        own = {i.number for i in indicators if i.instrument == instrument}
        survey = self.data[instrument.lower()]
        survey_fact = _fact(survey, self.default_fact)
        result: list[Question] = []
        keys_seen: set[str] = set()
        for n, entry in enumerate(survey["questions"]):
            where = f"{instrument.lower()}.questions.{n} ({entry['code']})"
            if entry["indicator"] not in own:
                self.problem(where, f"indicator {entry['indicator']} is not an {instrument} indicator")
            keys = self._answer_keys(entry, where, scales)
            for key in keys:
                if key.code in keys_seen:
                    self.problem(where, f"answer key {key.code} is used twice")
                keys_seen.add(key.code)
            result.append(
                Question(
                    code=entry["code"],
                    instrument=instrument,
                    indicator=entry["indicator"],
                    text_th=entry.get("text_th", ""),
                    text_en=entry.get("text_en", ""),
                    keys=keys,
                    fact=_fact(entry, survey_fact),
                )
            )
        return tuple(result)

    def _answer_keys(self, entry: Mapping[str, Any], where: str, scales: Mapping[str, Scale]):
        if "sub_items" in entry and "sub_item_count" in entry:
            self.problem(where, "give either sub_items or sub_item_count, not both")
        subs: Iterable[Mapping[str, Any]]
        if "sub_items" in entry:
            subs = entry["sub_items"]
        elif entry.get("sub_item_count", 1) > 1:
            # Where a draft gives only a count, sub-items are lettered a, b, c … after the question.
            subs = [{"code": entry["code"] + letter} for letter in string.ascii_lowercase[: entry["sub_item_count"]]]
        else:
            subs = [{"code": entry["code"], "text_th": ""}]
        keys = []
        for sub in subs:
            scale = sub.get("scale", entry.get("scale"))
            if scale is None:
                self.problem(where, f"{sub['code']} has no scale")
                continue
            if scale not in scales:
                self.problem(where, f"{sub['code']} uses scale {scale!r}, which is not defined in scales")
                continue
            keys.append(
                AnswerKey(
                    code=sub["code"],
                    question=entry["code"],
                    text_th=sub.get("text_th", ""),
                    scale=scale,
                    reverse=sub.get("reverse", entry.get("reverse", False)),
                )
            )
        return tuple(keys)

    def _levels(self) -> tuple[Level, ...]:
        result = []
        for entry in self.data["levels"]:
            each = entry.get("each_instrument_min")
            result.append(
                Level(
                    code=entry["code"],
                    name_th=entry["name_th"],
                    name_en=entry.get("name_en", ""),
                    min_total=_dec(entry["min_total"]),
                    each_instrument_min=None if each is None else _dec(each),
                    colour=entry.get("colour", "#6c757d"),
                    passing=entry.get("passing", _dec(entry["min_total"]) >= 85),
                    fact=_fact(entry, self.default_fact),
                )
            )
        if not any(lv.min_total == 0 and lv.each_instrument_min is None for lv in result):
            self.problem("levels", "the last rule must catch every score (min_total 0 with no instrument minimum)")
        return tuple(result)

    def _sample_rule(self, entry: Mapping[str, Any]) -> SampleRule:
        pct = entry.get("percent_of_population")
        return SampleRule(
            agency_type=entry.get("agency_type"),
            size=entry.get("size"),
            part=entry.get("part", ""),
            minimum=entry.get("minimum"),
            percent_of_population=None if pct is None else _dec(pct),
            at_least=entry.get("at_least"),
            at_most=entry.get("at_most"),
            fact=_fact(entry, self.default_fact),
        )
