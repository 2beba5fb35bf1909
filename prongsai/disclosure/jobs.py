"""Background work of the OIT: the link and freshness check of a year, and snapshots of URLs at approval."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from prongsai.assessments.models import Assessment
from prongsai.audit.log import record
from prongsai.core import linking
from prongsai.disclosure import checker, rules
from prongsai.disclosure.actions import PROOF_KEEP_BYTES, store_snapshot
from prongsai.disclosure.models import CheckResult, CheckRun, Evidence, EvidenceKind, RunStatus

PROGRESS_EVERY = 0.5  # seconds between progress writes
STALE_RUN = dt.timedelta(hours=1)  # a run "running" longer than this is taken as crashed


def checker_options() -> checker.Options:
    return checker.Options(
        timeout=float(getattr(settings, "OIT_CHECK_TIMEOUT", 10.0)),
        concurrency=int(getattr(settings, "OIT_CHECK_CONCURRENCY", 32)),
        max_redirects=int(getattr(settings, "OIT_CHECK_MAX_REDIRECTS", 5)),
        allow_private=bool(settings.DEBUG or getattr(settings, "OIT_CHECK_ALLOW_PRIVATE", False)),
    )


def start_check(assessment: Assessment, actor: Any, trigger: str = "web") -> CheckRun:
    """Queue a check of the year's evidence, or return the one already queued or running."""
    busy = CheckRun.objects.filter(
        assessment=assessment,
        status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
        created_at__gte=timezone.now() - STALE_RUN,
    ).first()
    if busy is not None:
        return busy
    with transaction.atomic():
        run = CheckRun.objects.create(
            assessment=assessment,
            trigger=trigger,
            started_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record(actor, "oit.check.start", run, agency=assessment.agency, after={"trigger": trigger})
    run_check_task.enqueue(run.pk)
    run.refresh_from_db()
    return run


@task()
def run_check_task(run_id: int) -> int:
    return execute_run(run_id).pk


def _local_outcome(
    evidence: Evidence, years: tuple[int, ...], keywords: tuple[str, ...], agency: Any
) -> checker.Outcome:
    """Evidence stored in Prongsai is read from disk or the database, never fetched over HTTP."""
    if evidence.kind == EvidenceKind.FILE:
        try:
            with evidence.file.open("rb") as handle:
                content = handle.read(checker.Options().max_bytes)
        except (OSError, ValueError):
            content = b""
        content_type = {"pdf": "application/pdf"}.get(evidence.file_type, evidence.file_type)
        return checker.check_content(evidence.pk, content, content_type, years, keywords)
    if evidence.kind == EvidenceKind.PAGE:
        return checker.check_content(evidence.pk, evidence.body.encode(), "text/html; charset=utf-8", years, keywords)
    linked = linking.resolve(evidence.record_type, evidence.record_id, agency)
    if linked is None:
        return checker.Outcome(evidence.pk, "", checker.Verdict.BROKEN, "the linked record no longer exists")
    if not linking.is_public(linked):
        return checker.Outcome(
            evidence.pk, linked.evidence_url(), checker.Verdict.BROKEN, "the linked record is not published yet"
        )
    return checker.Outcome(evidence.pk, linked.evidence_url(), checker.Verdict.OK)


def execute_run(run_id: int) -> CheckRun:
    """Check every evidence of the run's assessment and store one result per evidence."""
    run = CheckRun.objects.select_related("assessment__criteria", "assessment__agency").get(pk=run_id)
    assessment = run.assessment
    criteria = assessment.criteria.framework
    evidence = list(
        Evidence.objects.filter(item__assessment=assessment).select_related("item").order_by("item__order", "order")
    )
    run.status, run.started_at, run.total, run.done = RunStatus.RUNNING, timezone.now(), len(evidence), 0
    run.save(update_fields=["status", "started_at", "total", "done"])
    try:
        outcomes: dict[int, checker.Outcome] = {}
        targets = []
        for ev in evidence:
            item = criteria.oit_item(ev.item.code) if ev.item.code in {i.code for i in criteria.oit_items} else None
            years = rules.accepted_years(item, assessment.fiscal_year) if item else (assessment.fiscal_year,)
            keywords = item.keywords if item else ()
            if ev.kind == EvidenceKind.URL:
                targets.append(checker.Target(ev.pk, ev.url, years, keywords))
            else:
                outcomes[ev.pk] = _local_outcome(ev, years, keywords, assessment.agency)
        CheckRun.objects.filter(pk=run.pk).update(done=len(outcomes))
        for outcome in _fetch_with_progress(run, targets, len(outcomes)):
            outcomes[outcome.key] = outcome
        _save_results(run, evidence, outcomes)
    except Exception as exc:
        CheckRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), message=f"{type(exc).__name__}: {exc}"[:1000]
        )
        raise
    run.refresh_from_db()
    return run


def _fetch_with_progress(run: CheckRun, targets: list[checker.Target], offset: int) -> list[checker.Outcome]:
    if not targets:
        return []
    state = {"done": 0}

    def progress(done: int, _total: int) -> None:
        state["done"] = done  # called from the checker's thread: no database work here

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(checker.check_urls, targets, checker_options(), progress)
        while True:
            try:
                return future.result(timeout=PROGRESS_EVERY)
            except concurrent.futures.TimeoutError:
                CheckRun.objects.filter(pk=run.pk).update(done=offset + state["done"])


def _save_results(run: CheckRun, evidence: Iterable[Evidence], outcomes: dict[int, checker.Outcome]) -> None:
    rows = []
    for ev in evidence:
        outcome = outcomes[ev.pk]
        rows.append(
            CheckResult(
                run=run,
                item_id=ev.item_id,
                evidence=ev,
                url=(ev.url or outcome.url)[:1000],
                final_url=outcome.final_url[:1000],
                verdict=outcome.verdict,
                severity=outcome.severity,
                message=outcome.message[:500],
                status_code=outcome.status_code,
                redirects=outcome.redirects,
                content_type=outcome.content_type[:200],
                size=outcome.size,
                latest_date=outcome.latest_date,
                in_year=outcome.in_year,
                keywords_found=list(outcome.keywords_found),
                keywords_missing=list(outcome.keywords_missing),
                elapsed_ms=outcome.elapsed_ms,
            )
        )
    counts = {s: sum(1 for r in rows if r.severity == s) for s in ("ok", "warning", "error")}
    with transaction.atomic():
        CheckResult.objects.bulk_create(rows)
        CheckRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            finished_at=timezone.now(),
            done=len(rows),
            total=len(rows),
            ok_count=counts["ok"],
            warning_count=counts["warning"],
            error_count=counts["error"],
        )


@task()
def snapshot_item_urls(item_id: int) -> int:
    """Keep a proof (hash + size-limited snapshot) of each web address of an approved item."""
    evidence = list(Evidence.objects.filter(item_id=item_id, kind=EvidenceKind.URL))
    options = checker_options()
    for ev in evidence:
        store_snapshot(ev, checker.snapshot(ev.url, options, keep_bytes=PROOF_KEEP_BYTES))
    return len(evidence)
