"""`prongsai score`: the official-method result from exported answers. A stable interface (docs/scoring.md)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.criteria import framework
from prongsai.scoring import csvio, engine


class Command(BaseCommand):
    help = "Score IIT/EIT answers and OIT results by a criteria version; prints JSON or a table."
    requires_system_checks: list[str] = []  # pure computation: no database needed

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--criteria", required=True, help="version code (e.g. ita-2568) or a criteria file")
        parser.add_argument("--iit", help="IIT answers CSV: one row per respondent, one column per answer key")
        parser.add_argument("--eit", help="EIT answers CSV, same layout")
        parser.add_argument("--oit", help="OIT results CSV: code,met or code,component,met")
        parser.add_argument("--format", dest="fmt", choices=["json", "table"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            criteria = framework.load(framework.find(options["criteria"]))
            iit = self._survey(criteria, "IIT", options["iit"])
            eit = self._survey(criteria, "EIT", options["eit"])
            oit = engine.score_oit(criteria, csvio.read_oit_csv(criteria, options["oit"])) if options["oit"] else None
        except (framework.CriteriaError, csvio.ScoreInputError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if not (iit or eit or oit):
            raise CommandError("give at least one of --iit, --eit, --oit", returncode=2)
        published = engine.combine(criteria, iit, eit, oit).published()
        if options["fmt"] == "json":
            self.stdout.write(json.dumps(published.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(render_table(criteria, published))

    @staticmethod
    def _survey(criteria: framework.Criteria, instrument: str, path: str | None) -> engine.SurveyScores | None:
        if not path:
            return None
        return engine.score_survey(criteria, instrument, csvio.read_survey_csv(criteria, instrument, path))


def render_table(criteria: framework.Criteria, published: engine.Published) -> str:
    def fmt(value: object) -> str:
        return "–" if value is None else f"{value}"

    lines = [f"{criteria.code} · {criteria.title_th}", ""]
    for inst in criteria.instruments:
        respondents = published.respondents.get(inst.code)
        extra = f"  ({respondents} respondents)" if respondents is not None else ""
        lines.append(f"{inst.code:<4} {fmt(published.instruments.get(inst.code)):>7}   weight {inst.weight}{extra}")
        for number in inst.indicators:
            name = criteria.indicator(number).name_th
            lines.append(f"  {number:>2}. {fmt(published.indicators.get(number)):>7}   {name}")
    lines += ["", f"total {fmt(published.total):>7}   {published.level.name_th if published.level else '–'}"]
    return "\n".join(lines)
