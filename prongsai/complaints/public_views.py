"""Anonymous pages: the complaint form, tracking, satisfaction, statistics (O19) and participation (O20).

No login, no JavaScript needed. The public form and the tracking lookup are throttled per client by a
keyed hash of its address held briefly in the cache; the address itself is never stored.
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from prongsai.agencies.models import Agency
from prongsai.complaints import actions, stats, tracking
from prongsai.complaints.exports import monthly_chart
from prongsai.complaints.forms import ComplaintForm, RatingForm, TrackForm, to_submission
from prongsai.complaints.jobs import enqueue_notification
from prongsai.complaints.models import Category, Complaint, Participation, ParticipationAttachment, Status
from prongsai.core.middleware import client_address
from prongsai.lib import thaidate
from prongsai.lib.uploads import serve_file

log = logging.getLogger(__name__)

SUBMIT_LIMIT = (5, 15 * 60)  # five complaints per quarter of an hour from one client
TRACK_LIMIT = (30, 15 * 60)  # thirty lookups: plenty for people, far too few to guess a code


def _agency(slug: str) -> Agency:
    return get_object_or_404(Agency, slug=slug)


def _address(request: HttpRequest) -> str:
    # Honours TRUSTED_PROXY_COUNT; only ever hashed (tracking.client_key). None only without REMOTE_ADDR
    # (in-process requests): such requests share one bucket, as in core.middleware.client_key.
    return client_address(request) or "unknown"


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, f"complaints/public/{template}", context, status=status)


def index(request: HttpRequest, agency: str) -> HttpResponse:
    """The complaint channel (OIT O18): what one can send, how, and where to follow it."""
    the_agency = _agency(agency)
    return _page(request, "index.html", {"agency": the_agency, "year": thaidate.fiscal_year(timezone.localdate())})


@never_cache
def new(request: HttpRequest, agency: str) -> HttpResponse:
    the_agency = _agency(agency)
    form = ComplaintForm(request.POST or None, request.FILES or None)
    status = 200
    notice = ""
    if request.method == "POST":
        if tracking.over_limit(_address(request), f"submit:{the_agency.pk}", *SUBMIT_LIMIT):
            form = ComplaintForm(request.POST)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many complaints were sent from this connection just now. "
                    "Please wait a quarter of an hour, or call the agency."
                ),
            )
            status = 429
        elif form.is_bot:
            # Only programs fill the hidden field; tell them nothing useful, keep nothing.
            form = ComplaintForm()
            notice = _("The complaint could not be accepted. Please try again.")
            status = 400
        elif form.is_valid():
            return _received(request, the_agency, form)
        else:
            status = 400
    response = _page(request, "new.html", {"agency": the_agency, "form": form, "notice": notice}, status)
    # The page's own script may ask the phone for its position (only when the person presses the button).
    response["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self)"
    return response


def _received(request: HttpRequest, agency: Agency, form: ComplaintForm) -> HttpResponse:
    data = form.cleaned_data
    done = actions.submit(agency, to_submission(data))
    enqueue_notification(done.complaint)
    code = tracking.display(done.code)
    mailed = None
    if data["send_code"] and data["contact_email"]:
        # Sent now rather than queued: a queued job would store the address, which an anonymous person withheld.
        mailed = _mail_code(request, agency, done.complaint, code, data["contact_email"])
    # The code is in this response only; it is not stored, so the page says to write it down.
    context = {"agency": agency, "complaint": done.complaint, "code": code, "mailed": mailed}
    return _page(request, "received.html", context)


def _mail_code(request: HttpRequest, agency: Agency, complaint: Complaint, code: str, address: str) -> bool:
    track_url = request.build_absolute_uri(reverse("public-complaints:track", kwargs={"agency": agency.slug}))
    with translation.override(translation.get_language() or "th"):
        body = render_to_string(
            "complaints/mail/code.txt", {"agency": agency, "complaint": complaint, "code": code, "url": track_url}
        )
        subject = _("Your tracking code at %(agency)s") % {"agency": agency.name_th}
    try:
        return bool(send_mail(subject, body, None, [address]))
    except Exception:
        log.warning("could not e-mail a tracking code for %s", complaint.number)
        return False


@never_cache
def track(request: HttpRequest, agency: str) -> HttpResponse:
    """POST only carries the code (never in a URL, where logs and referrers would keep it)."""
    the_agency = _agency(agency)
    if request.method != "POST":
        return _page(request, "track.html", {"agency": the_agency, "form": TrackForm()})
    form = TrackForm(request.POST)
    if tracking.over_limit(_address(request), f"track:{the_agency.pk}", *TRACK_LIMIT):
        form.is_valid()
        form.add_error(None, _("Too many attempts from this connection. Please wait a quarter of an hour."))
        return _page(request, "track.html", {"agency": the_agency, "form": form}, 429)
    well_formed = form.is_valid()
    complaint = actions.find_by_code(the_agency, form.cleaned_data["code"]) if well_formed else None
    if complaint is None:
        if well_formed:
            form.add_error("code", _("No complaint has this code. Check the letters and digits and try again."))
        return _page(request, "track.html", {"agency": the_agency, "form": form}, 404 if well_formed else 400)
    return _tracking_page(request, the_agency, complaint, form.cleaned_data["code"])


def _tracking_page(
    request: HttpRequest,
    agency: Agency,
    complaint: Complaint,
    code: str,
    status: int = 200,
    rating_form: RatingForm | None = None,
) -> HttpResponse:
    """Only what the complainant may see: status, deadline, dated public replies. No names, no notes."""
    updates = complaint.updates.filter(is_public=True).only("kind", "status", "body", "created_at")
    rated = hasattr(complaint, "rating")
    context = {
        "agency": agency,
        "complaint": complaint,
        "updates": updates,
        "code": tracking.display(code),
        "raw_code": code,
        "steps": _steps(complaint.status),
        "can_rate": complaint.status == Status.CLOSED and not rated,
        "rated": rated,
        "rating_form": rating_form or RatingForm(),
        "today": timezone.localdate(),
    }
    return _page(request, "tracked.html", context, status)


def _steps(current: str) -> list[dict[str, object]]:
    order = list(Status)
    reached = order.index(Status(current))
    return [{"label": s.label, "done": n <= reached, "current": n == reached} for n, s in enumerate(order)]


@require_POST
@never_cache
def rate(request: HttpRequest, agency: str) -> HttpResponse:
    the_agency = _agency(agency)
    if tracking.over_limit(_address(request), f"track:{the_agency.pk}", *TRACK_LIMIT):
        return _page(request, "track.html", {"agency": the_agency, "form": TrackForm()}, 429)
    code = tracking.normalise(request.POST.get("code", ""))
    complaint = actions.find_by_code(the_agency, code)
    if complaint is None:
        raise Http404
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _tracking_page(request, the_agency, complaint, code, 400, rating_form=form)
    try:
        actions.rate(complaint, form.cleaned_data["score"], form.cleaned_data["comment"])
    except actions.ActionRefused:
        return _tracking_page(request, the_agency, complaint, code, 409)
    complaint.refresh_from_db()
    return _page(request, "rated.html", {"agency": the_agency, "complaint": complaint})


def statistics_current(request: HttpRequest, agency: str) -> HttpResponse:
    _agency(agency)
    return redirect("public-complaints:stats", agency=agency, year=thaidate.fiscal_year(timezone.localdate()))


def statistics(request: HttpRequest, agency: str, year: int) -> HttpResponse:
    the_agency = _agency(agency)
    if not 2500 <= year <= thaidate.fiscal_year(timezone.localdate()) + 1:
        raise Http404
    year_stats = stats.year_stats(the_agency, year)
    context = {
        "agency": the_agency,
        "year": year,
        "years": stats.years_with_data(the_agency),
        "stats": year_stats,
        "chart": monthly_chart(year_stats),
        "categories": Category.choices,
        "statuses": Status.choices,
    }
    return _page(request, "statistics.html", context)


def participation_list(request: HttpRequest, agency: str) -> HttpResponse:
    return participation_year(request, agency, thaidate.fiscal_year(timezone.localdate()))


def participation_year(request: HttpRequest, agency: str, year: int) -> HttpResponse:
    the_agency = _agency(agency)
    published = Participation.objects.filter(agency=the_agency).published()
    years = sorted(
        {thaidate.fiscal_year(d) for d in published.values_list("held_on", flat=True)} | {year}, reverse=True
    )
    rounds = published.in_fiscal_year(year).prefetch_related("attachments").order_by("held_on", "pk")
    context = {"agency": the_agency, "year": year, "years": years, "rounds": rounds}
    return _page(request, "participation.html", context)


def participation_detail(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    the_agency = _agency(agency)
    item = get_object_or_404(Participation.objects.published(), agency=the_agency, pk=pk)
    return _page(
        request,
        "participation_detail.html",
        {"agency": the_agency, "item": item, "attachments": item.attachments.all()},
    )


def participation_file(request: HttpRequest, agency: str, pk: int, file_pk: int) -> HttpResponseBase:
    the_agency = _agency(agency)
    item = get_object_or_404(
        ParticipationAttachment,
        participation__agency=the_agency,
        participation__is_published=True,
        participation_id=pk,
        pk=file_pk,
    )
    return serve_file(item.file, download_name=item.original_name, content_type=item.content_type)
