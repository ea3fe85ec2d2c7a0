"""The content of a command-centre report (执行工作月报): a court's figures over a month (or any
range) for the court and, for a higher court, its whole subtree with a line per court, and the
rows behind them, the cases filed or closed in the period.

The figures are command.figures' (case_figures / case_figures_by_court), the same functions the
dashboard calls with the same courts and dates, so the report and the dashboard cannot disagree.
The rows go to the XLSX and CSV through enforcement.tabular (the one export module: formula
injection guarded there) and, the first PDF_ROWS of them, into the PDF.

The PDF goes through the documents app's pipeline (documents.rendering: the record language,
WeasyPrint with data:-only fetching, and the glyph check that fails a PDF drawn without a Chinese
font). It is not a documents.kinds DocumentKind: a kind is a case document, issued with a gapless
number to an addressee, served and verified by its code, and none of that fits a court's statistics.
So the report renders with documents.rendering.render_checked_pdf, the same functions
document_issue uses, without a Document row.

ID numbers: a natural person's number is masked in every output (cases.validators.mask_id, as the
case list's export masks it); a 统一社会信用代码 is public and printed in full."""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.choices import CaseState, PartyKind, PartyRole
from cases.models import Case, Party
from cases.validators import mask_id
from command import figures
from documents.formatting import date_cn_numerals
from documents.rendering import render_checked_pdf
from enforcement.dates import format_date_cn
from enforcement.i18n import in_record_language
from enforcement.models import Court

CHUNK = 500  # cases read per query (and per progress update) while the rows are built
PDF_ROWS = 200  # the case rows the PDF lists; the XLSX and CSV have them all
PDF_TEMPLATE = "command/pdf/monthly_report.html"

HEADERS = (
    _("Case number"),
    _("Court"),
    _("Applicants"),
    _("Respondents"),
    _("Respondents' ID numbers"),
    _("Amount claimed"),
    _("Filing date"),
    _("Closing date"),
    _("Judge"),
    _("Closing mode"),
)


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, month, 1)
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


def subtree_of(court: Court) -> QuerySet:
    return Court.objects.filter(path__startswith=court.path)


def period_text(start: dt.date, end: dt.date) -> str:
    """2026年11月 for a whole month, else 2026年11月1日至2026年12月15日."""
    if start.day == 1 and (start, end) == month_range(start.year, start.month):
        return f"{start.year}年{start.month}月"
    return f"{format_date_cn(start)}至{format_date_cn(end)}"


def shown_id(party) -> str:
    return mask_id(party.id_number) if party.kind == PartyKind.PERSON else party.id_number


def report_content(court: Court, start: dt.date, end: dt.date, today: dt.date | None = None) -> dict:
    """The figures of `court` and its subtree, and one line per court of the subtree that has cases
    (each court's own cases: the lines add up to the total)."""
    today = today or timezone.localdate()
    subtree = subtree_of(court)
    totals = figures.case_figures(subtree, start, end, today)
    # the figures other apps record, as the dashboard shows them (执行到位率, measures expiring,
    # notices overdue, payouts overdue, sanctions in force, the aid budget's use)
    totals = figures.add_money_rates({**totals, **figures.other_figures(subtree, start, end, today)})
    by_court = figures.case_figures_by_court(subtree, start, end, today)
    courts = list(subtree.order_by("path"))
    lines = [{"court": c, "figures": by_court[c.pk]} for c in courts if c.pk in by_court]
    return {
        "court": court,
        "start": start,
        "end": end,
        "today": today,
        "totals": totals,
        "lines": lines if len(courts) > 1 else [],
        "agencies": figures.notices_overdue_by_agency(subtree, today),
        "measure_days": figures.measure_window(today),
    }


def rows_queryset(court: Court, start: dt.date, end: dt.date) -> QuerySet:
    filters = figures.case_filters(start, end)
    return (
        Case.objects.filter(court__in=subtree_of(court))
        .filter(filters["filed"] | filters["closed"])
        .select_related("court", "judge")
        .prefetch_related(Prefetch("parties", queryset=Party.objects.order_by("position", "id")))
    )


def _closing_mode(case: Case, start: dt.date, end: dt.date) -> str:
    if case.state in figures.CLOSING_STATES and case.closed_on and start <= case.closed_on <= end:
        return str(CaseState(case.state).label)
    return ""


def case_row(case: Case, start: dt.date, end: dt.date) -> list:
    """The cells of one case (HEADERS), ID numbers masked. Run in the record language."""
    parties = list(case.parties.all())
    applicants = [p for p in parties if p.role == PartyRole.APPLICANT]
    respondents = [p for p in parties if p.role == PartyRole.RESPONDENT]
    return [
        case.number,
        case.court.name,
        "、".join(p.name for p in applicants),
        "、".join(p.name for p in respondents),
        "、".join(shown_id(p) for p in respondents if p.id_number),
        case.subject_amount if case.subject_amount is not None else "",
        case.filed_on,
        case.closed_on if _closing_mode(case, start, end) else "",
        case.judge.get_full_name() or case.judge.get_username(),
        _closing_mode(case, start, end),
    ]


def row_chunks(court: Court, start: dt.date, end: dt.date, chunk: int = CHUNK) -> Iterator[list[list]]:
    """The rows in chunks of `chunk` cases, in primary-key order (keyset: each chunk one query
    plus its parties, however far into a large range)."""
    base = rows_queryset(court, start, end).order_by("pk")
    last = 0
    while True:
        cases = list(base.filter(pk__gt=last)[:chunk])
        if not cases:
            return
        with in_record_language():
            yield [case_row(c, start, end) for c in cases]
        last = cases[-1].pk


def headers() -> list[str]:
    with in_record_language():
        return [str(h) for h in HEADERS]


def _percent(value) -> str:
    return "—" if value is None else f"{(Decimal(value) * 100).quantize(Decimal('0.1'))}%"


def pdf_context(content: dict, rows: list[list], *, generated_on: dt.date) -> dict:
    court = content["court"]
    totals = dict(content["totals"])
    return {
        "title": "执行工作月报",
        "court_name": court.name,
        "period": period_text(content["start"], content["end"]),
        "start": content["start"],
        "end": content["end"],
        "totals": totals,
        "closing_rate": _percent(totals["closing_rate"]),
        "round_rate": _percent(totals["round_rate"]),
        "in_place_rate": _percent(totals["in_place_rate"]),
        "aid_use_rate": _percent(totals["aid_use_rate"]),
        "agencies": content["agencies"],
        "measure_days": content["measure_days"],
        "lines": [
            {
                "court": line["court"],
                "figures": line["figures"],
                "closing_rate": _percent(line["figures"]["closing_rate"]),
            }
            for line in content["lines"]
        ],
        "rows": rows[:PDF_ROWS],
        "row_count": len(rows),
        "rows_cut": len(rows) > PDF_ROWS,
        "pdf_rows": PDF_ROWS,
        "date_numerals": date_cn_numerals(generated_on),
        "today": content["today"],
    }


def report_pdf(content: dict, rows: list[list], *, generated_on: dt.date) -> bytes:
    context = pdf_context(content, rows, generated_on=generated_on)
    return render_checked_pdf(
        PDF_TEMPLATE, context, expected=[context["court_name"], context["title"], context["period"]]
    )
