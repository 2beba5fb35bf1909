"""The OIT link and freshness checker: pure Python (httpx, lxml, pypdf), no Django.

NACC's assessors open every URL an agency enters in ITAS and reject an item whose link is broken, which is not
the promised type, or whose content is not of the fiscal year. This module does the same first: it fetches each
URL (bounded concurrency, a deadline per URL, redirects followed by hand so that loops and long chains are
caught), then reads HTML and PDF content for a date in the accepted fiscal years (Thai month names full or
abbreviated, Thai or Arabic digits, B.E. or C.E. years) and for the item's key words.

Only http/https is fetched; private, loopback and link-local addresses are refused unless the caller allows
them (development and tests), so an evidence URL cannot make the server probe its own network. The check is made
on the very address the connection then goes to (one DNS answer for both), so a name whose answer changes
between the two (DNS rebinding) cannot get past it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import ipaddress
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

BE_OFFSET = 543

# --------------------------------------------------------------------------------------------------------------
# Verdicts


class Verdict:
    OK = "ok"
    STALE = "stale"  # dates found, none in the accepted fiscal years
    NO_DATE = "no_date"  # readable, but no date at all
    KEYWORDS_MISSING = "keywords_missing"
    TOO_LARGE = "too_large"
    BROKEN = "broken"  # HTTP 4xx/5xx
    REDIRECT_LOOP = "redirect_loop"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"  # DNS, refused connection, TLS
    WRONG_TYPE = "wrong_type"
    REFUSED = "refused"  # not http(s), or a private address
    ERROR = "error"


ERRORS = frozenset(
    {
        Verdict.BROKEN,
        Verdict.REDIRECT_LOOP,
        Verdict.TOO_MANY_REDIRECTS,
        Verdict.TIMEOUT,
        Verdict.UNREACHABLE,
        Verdict.WRONG_TYPE,
        Verdict.REFUSED,
        Verdict.ERROR,
    }
)
WARNINGS = frozenset({Verdict.STALE, Verdict.NO_DATE, Verdict.KEYWORDS_MISSING, Verdict.TOO_LARGE})


def severity(verdict: str) -> str:
    """'error', 'warning' or 'ok'."""
    return "error" if verdict in ERRORS else "warning" if verdict in WARNINGS else "ok"


# --------------------------------------------------------------------------------------------------------------
# Finding dates in text

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
MONTHS_TH = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_TH_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
MONTHS_EN = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip

_MONTH_NUMBER: dict[str, int] = {}
for _n, _name in enumerate(MONTHS_TH, 1):
    _MONTH_NUMBER[_name] = _n
for _n, _name in enumerate(MONTHS_TH_ABBR, 1):
    _MONTH_NUMBER[_name] = _n
    _MONTH_NUMBER[_name.replace(".", "")] = _n  # "ตค" without dots, also seen
    _MONTH_NUMBER[_name.replace(".", ". ").strip()] = _n
for _n, _name in enumerate(MONTHS_EN, 1):
    _MONTH_NUMBER[_name] = _n
    _MONTH_NUMBER[_name[:3]] = _n

# Longest names first so "มี.ค." wins over "มี" prefixes and "กุมภาพันธ์" over abbreviations.
_MONTH_ALT = "|".join(re.escape(n) for n in sorted(_MONTH_NUMBER, key=len, reverse=True))
_SEP = r"[\s\u00a0]*"
_YEAR_PREFIX = r"(?:พ\.?\s?ศ\.?|ค\.?\s?ศ\.?|B\.?E\.?|A\.?D\.?)?"
# "1 ตุลาคม 2567", "๑ ต.ค. ๖๗", "ตุลาคม พ.ศ. 2567", "1 October 2024"
_DAY_MONTH_YEAR = re.compile(
    rf"(?:(?<!\d)(?P<day>\d{{1,2}}){_SEP})?(?P<month>{_MONTH_ALT}){_SEP}{_YEAR_PREFIX}{_SEP}(?P<year>\d{{4}}|\d{{2}})(?!\d)",
    re.IGNORECASE,
)
# "October 1, 2024"
_EN_MONTHS = "|".join([*MONTHS_EN, *(m[:3] for m in MONTHS_EN)])
_MONTH_DAY_YEAR = re.compile(
    rf"(?P<month>{_EN_MONTHS})\.?\s+(?P<day>\d{{1,2}}),\s*(?P<year>\d{{4}})",
    re.IGNORECASE,
)
# "01/10/2567", "1-10-2024", "1.10.67"
_NUMERIC = re.compile(r"(?<![\d/.-])(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4}|\d{2})(?![\d/.-])")
_ISO = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)")
# "ปีงบประมาณ 2568", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"
_FISCAL = re.compile(rf"ปีงบประมาณ{_SEP}{_YEAR_PREFIX}{_SEP}(?P<year>\d{{4}})")


def _year_ce(text: str, two_digit_be: bool = True) -> int | None:
    """A four-digit B.E. or C.E. year, or two digits (B.E. 25xx in Thai writing), as C.E."""
    year = int(text)
    if len(text) == 2:
        return 2500 + year - BE_OFFSET if two_digit_be else 2000 + year
    if 2400 <= year <= 2700:
        return year - BE_OFFSET
    if 1900 <= year <= 2200:
        return year
    return None


def _make_date(year_ce: int | None, month: int, day: int) -> dt.date | None:
    if year_ce is None:
        return None
    try:
        return dt.date(year_ce, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class DateFindings:
    dates: tuple[dt.date, ...]
    fiscal_years: tuple[int, ...]  # "ปีงบประมาณ 2568" mentions (B.E.)

    @property
    def latest(self) -> dt.date | None:
        return max(self.dates) if self.dates else None


def find_dates(text: str, limit: int = 500) -> DateFindings:
    """Every date (and fiscal-year mention) in `text`; Thai digits are read as Arabic ones."""
    text = text.translate(THAI_DIGITS)
    found: list[dt.date] = []
    for match in _DAY_MONTH_YEAR.finditer(text):
        month = _MONTH_NUMBER.get(match["month"].lower()) or _MONTH_NUMBER.get(match["month"])
        is_english = match["month"].lower() in _MONTH_NUMBER and match["month"].isascii()
        year = _year_ce(match["year"], two_digit_be=not is_english)
        day = int(match["day"]) if match["day"] else 1
        if month and (date := _make_date(year, month, day)):
            found.append(date)
    for match in _MONTH_DAY_YEAR.finditer(text):
        month = _MONTH_NUMBER[match["month"].lower()[:3]]
        if date := _make_date(_year_ce(match["year"]), month, int(match["day"])):
            found.append(date)
    for match in _NUMERIC.finditer(text):
        year = _year_ce(match["year"])
        if date := _make_date(year, int(match["month"]), int(match["day"])):
            found.append(date)
    for match in _ISO.finditer(text):
        if date := _make_date(_year_ce(match["year"]), int(match["month"]), int(match["day"])):
            found.append(date)
        if len(found) >= limit:
            break
    fiscal = tuple(sorted({int(m["year"]) for m in _FISCAL.finditer(text) if 2400 <= int(m["year"]) <= 2700}))
    return DateFindings(tuple(sorted(set(found))), fiscal)


def fiscal_year_of(day: dt.date) -> int:
    return (day.year + 1 if day.month >= 10 else day.year) + BE_OFFSET


def dates_in_years(findings: DateFindings, years: Iterable[int]) -> bool:
    wanted = set(years)
    return any(fiscal_year_of(d) in wanted for d in findings.dates) or bool(wanted & set(findings.fiscal_years))


def find_keywords(text: str, keywords: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(found, missing) key words, case-insensitive and ignoring white space (Thai PDFs break words oddly)."""
    squashed = re.sub(r"\s+", "", text).lower()
    found = tuple(k for k in keywords if re.sub(r"\s+", "", k).lower() in squashed)
    return found, tuple(k for k in keywords if k not in found)


# --------------------------------------------------------------------------------------------------------------
# Reading content

HTML_TYPES = ("text/html", "application/xhtml+xml")
PDF_TYPES = ("application/pdf", "application/x-pdf")
ACCEPTED_TYPES = (
    *HTML_TYPES,
    *PDF_TYPES,
    "text/plain",
    "text/csv",
    "image/",
    "application/vnd.openxmlformats-officedocument",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.oasis.opendocument",
    "video/",
)
# A URL ending like this promises that type; an HTML page there is usually a login or error page.
EXTENSION_TYPES = {
    ".pdf": PDF_TYPES,
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml",),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml",),
    ".doc": ("application/msword",),
    ".xls": ("application/vnd.ms-excel",),
    ".jpg": ("image/jpeg",),
    ".jpeg": ("image/jpeg",),
    ".png": ("image/png",),
}
PDF_MAX_PAGES = 30


def html_text(content: bytes, encoding: str | None = None) -> str:
    """Visible text of an HTML page (scripts and styles dropped)."""
    from lxml import html as lxml_html

    if not content.strip():
        return ""
    try:
        parser = lxml_html.HTMLParser(encoding=encoding) if encoding else None
        tree = lxml_html.document_fromstring(content, parser=parser)
    except (ValueError, LookupError, Exception):  # lxml raises several kinds on broken markup
        return content.decode(encoding or "utf-8", "replace")
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return " ".join(tree.text_content().split())


def pdf_text(content: bytes, max_pages: int = PDF_MAX_PAGES) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(content))
        parts = []
        for page in reader.pages[:max_pages]:
            parts.append(page.extract_text() or "")
        meta = reader.metadata
        if meta is not None and meta.title:
            parts.append(str(meta.title))
        return "\n".join(parts)
    except Exception:
        return ""


def kind_of(content_type: str) -> str:
    """'html', 'pdf' or 'other' from a Content-Type value."""
    base = content_type.split(";")[0].strip().lower()
    if base in HTML_TYPES:
        return "html"
    if base in PDF_TYPES:
        return "pdf"
    return "other"


def text_of(content: bytes, content_type: str) -> str | None:
    """Readable text for HTML and PDF content (sniffed when the type says nothing), else None."""
    kind = kind_of(content_type)
    if kind == "other" and content[:5] == b"%PDF-":
        kind = "pdf"
    if kind == "pdf":
        return pdf_text(content)
    if kind == "html":
        charset = re.search(r"charset=([\w-]+)", content_type, re.IGNORECASE)
        return html_text(content, charset.group(1) if charset else None)
    return None


@dataclass(frozen=True)
class ContentFindings:
    readable: bool
    dates: DateFindings
    in_year: bool | None
    keywords_found: tuple[str, ...]
    keywords_missing: tuple[str, ...]


def analyse(content: bytes, content_type: str, years: Sequence[int], keywords: Sequence[str]) -> ContentFindings:
    """Dates and key words in HTML/PDF content; `in_year` is None when the content cannot be read."""
    text = text_of(content, content_type)
    if text is None:
        return ContentFindings(False, DateFindings((), ()), None, (), ())
    dates = find_dates(text)
    found, missing = find_keywords(text, keywords)
    return ContentFindings(True, dates, dates_in_years(dates, years), found, missing)


def content_verdict(findings: ContentFindings, keywords: Sequence[str]) -> tuple[str, str]:
    """The verdict for readable content that was fetched fine, with a short English reason."""
    if not findings.readable:
        return Verdict.OK, ""
    if findings.in_year is False:
        if findings.dates.dates or findings.dates.fiscal_years:
            return Verdict.STALE, ""  # the latest date found is stored beside the verdict
        return Verdict.NO_DATE, "no date found in the content"
    if keywords and not findings.keywords_found:
        return Verdict.KEYWORDS_MISSING, "none of the item's key words appear"
    return Verdict.OK, ""


# --------------------------------------------------------------------------------------------------------------
# Fetching


@dataclass(frozen=True)
class Target:
    """One URL to check. `key` is the caller's handle (e.g. an evidence id); `years` are accepted B.E. years."""

    key: Any
    url: str
    years: tuple[int, ...]
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Options:
    timeout: float = 10.0  # seconds for the whole fetch of one URL, redirects included
    max_redirects: int = 5
    max_bytes: int = 15 * 1024 * 1024  # read at most this much of a body
    concurrency: int = 32
    allow_private: bool = False
    user_agent: str = "Prongsai-OIT-checker/1.0 (+https://github.com/prongsai)"


@dataclass
class Outcome:
    key: Any
    url: str
    verdict: str = Verdict.ERROR
    message: str = ""
    final_url: str = ""
    status_code: int | None = None
    redirects: int = 0
    content_type: str = ""
    size: int | None = None
    latest_date: dt.date | None = None
    in_year: bool | None = None
    keywords_found: tuple[str, ...] = ()
    keywords_missing: tuple[str, ...] = ()
    elapsed_ms: int = 0
    dates_found: int = 0
    fiscal_years: tuple[int, ...] = field(default_factory=tuple)

    @property
    def severity(self) -> str:
        return severity(self.verdict)


class Refused(Exception):
    pass


def _is_public_ip(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def _guard(url: str, options: Options) -> None:
    """Refuse non-http(s) URLs, URLs with credentials and, unless allowed, literal private addresses. Host names
    are checked when the connection is made (`_PublicOnlyBackend`), on the address actually connected to."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(f"only http and https addresses are checked, not {parts.scheme or 'this'!r}")
    if parts.username or parts.password:
        raise Refused("addresses with a user name or password are not checked")
    if options.allow_private:
        return
    try:
        ipaddress.ip_address(parts.hostname)
    except ValueError:
        return
    if not _is_public_ip(parts.hostname):
        raise Refused(f"{parts.hostname} is a private or local address")


async def _resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (a literal address stands for itself)."""
    try:
        ipaddress.ip_address(host)
        return [host]
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _PublicOnlyBackend(httpcore.AsyncNetworkBackend):
    """Resolves the host once, refuses it if any of its addresses is not public, and connects to the addresses
    it checked. httpx would otherwise resolve the name a second time, and a hostile DNS server could answer the
    check with a public address and the connection with 127.0.0.1."""

    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await _resolve(host, port)
        if not addresses or not all(_is_public_ip(a) for a in addresses):
            raise Refused(f"{host} is a private or local address")
        failure: Exception | None = None
        for address in addresses:  # in the resolver's order, as a browser would try them
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        raise failure or httpcore.ConnectError(f"cannot connect to {host}")

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise Refused("local sockets are not checked")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _Transport(httpx.AsyncHTTPTransport):
    """httpx's transport, connecting through `_PublicOnlyBackend` unless private addresses are allowed."""

    def __init__(self, limits: httpx.Limits, allow_private: bool) -> None:
        super().__init__(limits=limits, trust_env=False)
        if not allow_private:
            self._pool = httpcore.AsyncConnectionPool(
                ssl_context=httpx.create_ssl_context(trust_env=False),
                max_connections=limits.max_connections,
                max_keepalive_connections=limits.max_keepalive_connections,
                keepalive_expiry=limits.keepalive_expiry,
                network_backend=_PublicOnlyBackend(),
            )


POOL_SIZE = 8  # connections per client: httpcore's pool bookkeeping grows with its size, so use several small pools


def _client(options: Options, limits: httpx.Limits | None = None, **kwargs: Any) -> httpx.AsyncClient:
    limits = limits or httpx.Limits(max_connections=POOL_SIZE, max_keepalive_connections=POOL_SIZE)
    return httpx.AsyncClient(
        transport=_Transport(limits, options.allow_private),
        timeout=httpx.Timeout(options.timeout),
        follow_redirects=False,
        trust_env=False,
        **kwargs,
    )


async def _read_body(response: httpx.Response, limit: int) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    total = 0
    async for chunk in response.aiter_bytes():
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            return b"".join(chunks)[:limit], True
    return b"".join(chunks), False


def _type_mismatch(url: str, content_type: str) -> str | None:
    base = content_type.split(";")[0].strip().lower()
    path = urlsplit(url).path.lower()
    for extension, types in EXTENSION_TYPES.items():
        if path.endswith(extension) and base and not base.startswith(types):
            return f"the address ends in {extension} but the server sent {base or 'no type'}"
    if base and not base.startswith(ACCEPTED_TYPES):
        return f"{base} is not a document, page or image type an assessor can open"
    return None


async def _fetch(client: httpx.AsyncClient, target: Target, options: Options) -> Outcome:
    outcome = Outcome(key=target.key, url=target.url)
    url = target.url.strip()
    seen = {url}
    for hop in range(options.max_redirects + 1):
        await _guard(url, options)
        async with client.stream("GET", url) as response:
            outcome.status_code = response.status_code
            outcome.final_url = url
            outcome.redirects = hop
            if response.is_redirect:
                location = response.headers.get("location", "")
                next_url = urljoin(url, location)
                if not location:
                    outcome.verdict, outcome.message = Verdict.BROKEN, "a redirect without a Location header"
                    return outcome
                if next_url in seen:
                    outcome.verdict, outcome.message = Verdict.REDIRECT_LOOP, f"redirects back to {next_url}"
                    return outcome
                seen.add(next_url)
                url = next_url
                continue
            content_type = response.headers.get("content-type", "")
            outcome.content_type = content_type[:200]
            length = response.headers.get("content-length")
            outcome.size = int(length) if length and length.isdecimal() else None
            if response.status_code >= 400:
                outcome.verdict, outcome.message = Verdict.BROKEN, f"HTTP {response.status_code}"
                return outcome
            if mismatch := _type_mismatch(url, content_type):
                outcome.verdict, outcome.message = Verdict.WRONG_TYPE, mismatch
                return outcome
            if outcome.size is not None and outcome.size > options.max_bytes:
                outcome.verdict = Verdict.TOO_LARGE
                outcome.message = f"{outcome.size} bytes is over the {options.max_bytes}-byte limit"
                return outcome
            if kind_of(content_type) == "other":
                outcome.verdict = Verdict.OK
                return outcome
            body, cut = await _read_body(response, options.max_bytes)
            if outcome.size is None:
                outcome.size = len(body)
            if cut:
                outcome.verdict, outcome.message = Verdict.TOO_LARGE, f"more than {options.max_bytes} bytes"
                return outcome
        # Parsing a PDF takes CPU time; keep it off the event loop so other fetches proceed.
        findings = await asyncio.to_thread(analyse, body, content_type, target.years, target.keywords)
        _apply(outcome, findings, target.keywords)
        return outcome
    outcome.verdict = Verdict.TOO_MANY_REDIRECTS
    outcome.message = f"more than {options.max_redirects} redirects"
    return outcome


def _apply(outcome: Outcome, findings: ContentFindings, keywords: Sequence[str]) -> None:
    outcome.verdict, outcome.message = content_verdict(findings, keywords)
    outcome.latest_date = findings.dates.latest
    outcome.in_year = findings.in_year
    outcome.keywords_found = findings.keywords_found
    outcome.keywords_missing = findings.keywords_missing
    outcome.dates_found = len(findings.dates.dates)
    outcome.fiscal_years = findings.dates.fiscal_years


async def _check_one(client: httpx.AsyncClient, target: Target, options: Options) -> Outcome:
    started = time.monotonic()
    try:
        outcome = await asyncio.wait_for(_fetch(client, target, options), timeout=options.timeout)
    except (TimeoutError, httpx.TimeoutException):
        outcome = Outcome(target.key, target.url, Verdict.TIMEOUT, f"no answer within {options.timeout:g} s")
    except Refused as exc:
        outcome = Outcome(target.key, target.url, Verdict.REFUSED, str(exc))
    except (httpx.TransportError, OSError) as exc:
        outcome = Outcome(target.key, target.url, Verdict.UNREACHABLE, str(exc)[:300] or type(exc).__name__)
    except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as exc:
        outcome = Outcome(target.key, target.url, Verdict.REFUSED, f"not a valid address: {exc}"[:300])
    outcome.elapsed_ms = int((time.monotonic() - started) * 1000)
    return outcome


async def check_async(
    targets: Sequence[Target], options: Options, progress: Callable[[int, int], None] | None = None
) -> list[Outcome]:
    """Check every target with at most `options.concurrency` fetches at a time; results in input order."""
    pools = max(1, -(-options.concurrency // POOL_SIZE))
    per_pool = -(-options.concurrency // pools)
    limits = httpx.Limits(max_connections=per_pool, max_keepalive_connections=per_pool)
    semaphore = asyncio.Semaphore(options.concurrency)
    done = 0
    headers = {"User-Agent": options.user_agent, "Accept": "text/html,application/pdf,*/*;q=0.8"}
    clients = [_client(options, limits, headers=headers) for _ in range(pools)]

    async def run(index: int, target: Target) -> Outcome:
        nonlocal done
        async with semaphore:
            result = await _check_one(clients[index % pools], target, options)
        done += 1
        if progress is not None:
            progress(done, len(targets))
        return result

    try:
        return list(await asyncio.gather(*(run(n, t) for n, t in enumerate(targets))))
    finally:
        for client in clients:
            await client.aclose()


def check_urls(
    targets: Sequence[Target], options: Options | None = None, progress: Callable[[int, int], None] | None = None
) -> list[Outcome]:
    """Synchronous entry point. Runs its own event loop in a private thread, so it works from any caller
    (a management command, a task worker, or code already inside an event loop)."""
    options = options or Options()
    result: list[Outcome] = []
    failure: list[BaseException] = []

    def worker() -> None:
        try:
            result.extend(asyncio.run(check_async(targets, options, progress)))
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=worker, name="oit-checker", daemon=True)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result


def check_content(
    key: Any, content: bytes, content_type: str, years: Sequence[int], keywords: Sequence[str]
) -> Outcome:
    """The same content checks for evidence stored in Prongsai (uploaded files, written pages): no fetch."""
    outcome = Outcome(key=key, url="", status_code=None, content_type=content_type, size=len(content))
    if not content:
        outcome.verdict, outcome.message = Verdict.BROKEN, "the stored file is missing or empty"
        return outcome
    _apply(outcome, analyse(content, content_type, tuple(years), tuple(keywords)), keywords)
    return outcome


@dataclass(frozen=True)
class Snapshot:
    """A URL's content at one moment (proof for the clarification window)."""

    url: str
    status_code: int | None
    content_type: str
    content: bytes  # at most `keep_bytes`
    sha256: str  # of everything read (at most options.max_bytes)
    size: int
    truncated: bool
    error: str = ""


async def _snapshot_async(url: str, options: Options, keep_bytes: int) -> Snapshot:
    import hashlib

    headers = {"User-Agent": options.user_agent}
    async with _client(options, headers=headers) as c:
        current = url
        for _hop in range(options.max_redirects + 1):
            await _guard(current, options)
            async with c.stream("GET", current) as response:
                if response.is_redirect and response.headers.get("location"):
                    current = urljoin(current, response.headers["location"])
                    continue
                digest = hashlib.sha256()
                kept = bytearray()
                size = 0
                cut = False
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > options.max_bytes:
                        cut = True
                        break
                    digest.update(chunk)
                    if len(kept) < keep_bytes:
                        kept += chunk[: keep_bytes - len(kept)]
                return Snapshot(
                    url=current,
                    status_code=response.status_code,
                    content_type=response.headers.get("content-type", "")[:200],
                    content=bytes(kept),
                    sha256=digest.hexdigest(),
                    size=size,
                    truncated=cut or size > keep_bytes,
                )
        return Snapshot(url, None, "", b"", "", 0, False, "too many redirects")


def snapshot(url: str, options: Options | None = None, keep_bytes: int = 2 * 1024 * 1024) -> Snapshot:
    """Fetch `url` once and keep its hash and the first `keep_bytes` bytes; errors become `Snapshot.error`."""
    options = options or Options()
    box: list[Snapshot] = []

    def worker() -> None:
        try:
            box.append(asyncio.run(asyncio.wait_for(_snapshot_async(url, options, keep_bytes), options.timeout)))
        except (TimeoutError, httpx.HTTPError, OSError, Refused, ValueError) as exc:
            box.append(Snapshot(url, None, "", b"", "", 0, False, (str(exc) or type(exc).__name__)[:300]))

    thread = threading.Thread(target=worker, name="oit-snapshot", daemon=True)
    thread.start()
    thread.join()
    return box[0]
