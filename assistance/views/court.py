"""The court's assistance pages (财产查控): a case's assets, control measures and assistance
notices with the over-seizure guard; drafting notices; network queries with their progress; and the
agency scoreboard for the joint meeting (联席会议).

Every write goes through assistance.services; these views turn its errors into pages: InvalidInput
→ errors next to the field (or a message), NotAllowed → 403, NotFound → 404, Conflict → a message."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assets.choices import MeasureStatus
from assets.models import ControlMeasure
from assets.rules import MEASURE_WARNING_DAYS
from assets.rules import rule as measure_rule
from assets.selectors import amount_held, amount_owed, holding_ratio
from assets.services import asset_record
from assistance.choices import AnswerResult, BatchStatus, NoticeAction, NoticeStatus
from assistance.court_forms import (
    MAX_ID,
    AssetForm,
    LiftForm,
    NoticeDraftForm,
    RespondentSelectionForm,
    ScoreboardFilterForm,
    new_request_key,
    put_errors,
)
from assistance.models import NetworkQuery, Notice
from assistance.rules import ACTIONS_BY_AGENCY, MEASURE_OF_ACTION, NETWORK_QUERY_KINDS
from assistance.selectors import agency_scoreboard, get_network_query_for, get_notice_for
from assistance.services import (
    DRAFTING_ROLES,
    SIGNING_ROLES,
    DraftResult,
    NetworkQueryInProgress,
    measure_lift,
    network_query_start,
    notice_close,
    notice_draft,
    notice_judicial_suggestion,
    notice_sign_draft,
)
from cases.choices import CaseState, PartyRole
from cases.models import Party
from cases.selectors import case_list, get_case_for, works_on_case
from cases.views.common import error_text, forbidden
from enforcement.access import membership_of, visible_courts
from enforcement.choices import AgencyKind, Role
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound, ServiceError
from enforcement.models import Agency
from enforcement.tabular import export_response
from enforcement.view_errors import ErrorMapping

NOTICE_APPROVAL_ACTIONS = ("send_notice", "send_notice_over_limit")
SCOREBOARD_ROLES = (Role.HEAD, Role.SUPERVISOR, Role.ADMIN)
BATCH_PER_PAGE = 20
# Cases whose respondents a batch network query may cover: open ones, and 终本 cases (queried
# again every six months).
QUERYABLE_STATES = (*CaseState.open_states(), CaseState.TERMINATED_ROUND)
BATCH_LABELS = {
    BatchStatus.PENDING: gettext_lazy("Queued"),
    BatchStatus.RUNNING: gettext_lazy("Querying"),
    BatchStatus.DONE: gettext_lazy("Done"),
    BatchStatus.FAILED: gettext_lazy("Failed"),
}


CASE_NOT_FOUND = gettext_lazy("The case does not exist or you may not view it.")


def _case_or_404(user, pk):
    try:
        return get_case_for(user, pk)
    except NotFound:
        raise Http404(CASE_NOT_FOUND) from None


def _role(user) -> str | None:
    membership = membership_of(user)
    return membership.role if membership and membership.court_id else None


def _approval_text(result: DraftResult, what: str) -> str:
    if result.sent:
        return _("%(what)s issued and served.") % {"what": what}
    role = result.approval.required_role if result.approval is not None else ""
    label = Role(role).label if role in Role.values else _("enforcement judge / head of enforcement")
    return _("%(what)s submitted for approval (%(approver)s).") % {"what": what, "approver": label}


def _back(case, anchor: str = ""):
    return redirect(reverse("assistance:case", args=[case.pk]) + (f"#{anchor}" if anchor else ""))


# --- the case's assistance page ------------------------------------------------------------------
def _form_sources(case):
    """What the forms offer: the case's respondents, assets and measures, and the active agencies."""
    respondents = [p for p in case.parties.all() if p.role == PartyRole.RESPONDENT]
    agencies = list(Agency.objects.filter(is_active=True).only("id", "name", "kind").order_by("kind", "name"))
    return respondents, agencies


def _measure_rows(measures, draft_renewals, today) -> list[dict]:
    queued_identities = {
        m.asset.identity for m in measures if m.status == MeasureStatus.QUEUED and m.asset.identity
    }
    positions: dict[int, int] = {}
    if queued_identities:
        # One query for every queue this case stands in, in whichever case or court the others are.
        seen: dict[str, int] = {}
        for mid, identity in (
            ControlMeasure.objects.filter(asset__identity__in=queued_identities, status=MeasureStatus.QUEUED)
            .order_by("queued_at", "id")
            .values_list("id", "asset__identity")
        ):
            seen[identity] = seen.get(identity, 0) + 1
            positions[mid] = seen[identity]
    # Days left on a measure: orange within the first expiry warning, red within the second (the
    # rule row the expiry sweep warns by: assets.rules.MEASURE_WARNING_DAYS).
    orange_days, red_days = measure_rule(MEASURE_WARNING_DAYS, on=today).value
    rows = []
    for m in measures:
        days = (m.expires_on - today).days if m.status == MeasureStatus.ACTIVE and m.expires_on else None
        if days is None:
            days_class = ""
        elif days <= red_days:
            days_class = "days-overdue"
        elif days <= orange_days:
            days_class = "days-soon"
        else:
            days_class = "days-ok"
        if days is None:
            days_text = ""
        elif days < 0:
            days_text = _("%(days)s days past due") % {"days": -days}
        else:
            days_text = _("Falls due today") if days == 0 else _("%(days)s days left") % {"days": days}
        renewal = getattr(m, "renewal", None)
        rows.append(
            {
                "measure": m,
                "days": days,
                "days_class": days_class,
                "days_text": days_text,
                "queue_position": positions.get(m.pk),
                "renewal": renewal,
                "renewal_draft": draft_renewals.get(m.pk),
                "liftable": m.status in (MeasureStatus.ACTIVE, MeasureStatus.QUEUED, MeasureStatus.REQUESTED),
            }
        )
    return rows


def _notice_rows(notices, pending_roles, rejected, *, signable, can_sign: bool, today) -> list[dict]:
    rows = []
    for n in notices:
        items = n.answer.get("items") if isinstance(n.answer, dict) else None
        rows.append(
            {
                "notice": n,
                "overdue": n.status == NoticeStatus.OVERDUE,
                "overdue_days": max((today - n.due_on).days, 0) if n.due_on else 0,
                "pending_role": pending_roles.get(n.pk),
                "rejected": n.status == NoticeStatus.DRAFT and n.pk in rejected,
                "signable": n.pk in signable,
                "review": n.result == AnswerResult.REVIEW_SUGGESTION,
                "found": len(items) if isinstance(items, list) else None,
                "can_suggest": can_sign and n.status == NoticeStatus.OVERDUE and not n.suggestion_document_id,
            }
        )
    return rows


def _network_summary(notices) -> dict | None:
    """For the case's latest network query: per agency kind, answered (已反馈), waiting (未反馈)
    or overdue (逾期)."""
    latest = max((n.network_query_id for n in notices if n.network_query_id), default=None)
    if latest is None:
        return None
    by_kind: dict[str, list[Notice]] = {}
    for n in notices:
        if n.network_query_id == latest:
            by_kind.setdefault(n.agency.kind, []).append(n)
    labels = dict(AgencyKind.choices)
    rows = []
    for kind in [*NETWORK_QUERY_KINDS, *(k for k in by_kind if k not in NETWORK_QUERY_KINDS)]:
        group = by_kind.get(kind)
        if not group:
            continue
        answered = sum(1 for n in group if n.status in (NoticeStatus.ANSWERED, NoticeStatus.CLOSED))
        overdue = sum(1 for n in group if n.status == NoticeStatus.OVERDUE)
        if answered == len(group):
            state, css = _("Responded"), "ok"
        elif overdue:
            state, css = _("Late"), "overdue"
        else:
            state, css = _("Not answered"), "waiting"
        found = sum(len(n.answer.get("items", [])) for n in group if isinstance(n.answer, dict))
        rows.append(
            {
                "label": labels.get(kind, kind),
                "state": state,
                "css": css,
                "answered": answered,
                "total": len(group),
                "found": found,
            }
        )
    first = next(n for n in notices if n.network_query_id == latest)
    return {"query_id": latest, "sent_at": first.sent_at, "rows": rows}


def _case_page(request, case, *, notice_form=None, asset_form=None):
    user = request.user
    today = timezone.localdate()
    role = _role(user)
    works = works_on_case(user, case)
    can_draft = works and role in DRAFTING_ROLES
    can_sign = works and role in SIGNING_ROLES
    respondents, agencies = _form_sources(case)
    assets = list(
        case.assets.select_related(
            "owner", "holder_agency", "found_by_notice", "found_by_notice__agency"
        ).order_by("id")
    )
    measures = list(
        case.measures.select_related("asset", "asset__holder_agency", "renewed_from", "renewal").order_by(
            "created_at", "id"
        )
    )
    notices = list(
        case.notices.select_related(
            "agency", "respondent", "asset", "measure", "document", "suggestion_document"
        ).order_by("-created_at", "-id")
    )
    pending_roles, rejected = {}, set()
    for payload, required, status in case.approvals.filter(
        status__in=("pending", "rejected"), action__in=NOTICE_APPROVAL_ACTIONS
    ).values_list("payload", "required_role", "status"):
        notice_id = payload.get("notice_id") if isinstance(payload, dict) else None
        if status == "pending":
            pending_roles[notice_id] = Role(required).label if required in Role.values else required
        else:
            rejected.add(notice_id)
    rejected -= set(pending_roles)
    # Only a renewal of a measure still in effect is signed from this page: any other draft went to
    # an approver, and one they refused must not be sent by signing it here.
    draft_renewals = {
        n.measure_id: n
        for n in notices
        if n.action == NoticeAction.RENEW
        and n.status == NoticeStatus.DRAFT
        and n.measure is not None
        and n.measure.status == MeasureStatus.ACTIVE
        and n.pk not in pending_roles
        and n.pk not in rejected
    }
    # The lifting notice drafted when the head refused to let a measure hold beyond the debt is
    # signed here too: the head's decision is what it carries out.
    over_limit_lifts = {
        n.pk
        for n in notices
        if n.action == NoticeAction.LIFT
        and n.status == NoticeStatus.DRAFT
        and isinstance(n.payload, dict)
        and n.payload.get("over_limit_refused")
        and n.pk not in pending_roles
        and n.pk not in rejected
    }
    owed, held, ratio = amount_owed(case), amount_held(case), holding_ratio(case)
    notice_rows = _notice_rows(
        notices,
        pending_roles,
        rejected,
        signable={n.pk for n in draft_renewals.values()} | over_limit_lifts,
        can_sign=can_sign,
        today=today,
    )
    if can_draft and notice_form is None:
        notice_form = NoticeDraftForm(
            agencies=agencies, respondents=respondents, assets=assets, measures=measures
        )
    if can_draft and asset_form is None:
        asset_form = AssetForm(agencies=agencies, respondents=respondents)
    context = {
        "case": case,
        "can_draft": can_draft,
        "can_sign": can_sign,
        "respondents": respondents,
        "assets": assets,
        "measure_rows": _measure_rows(measures, draft_renewals, today),
        "notice_rows": [r for r in notice_rows if not r["notice"].network_query_id],
        "network_rows": [r for r in notice_rows if r["notice"].network_query_id],
        "network_overdue": sum(1 for r in notice_rows if r["notice"].network_query_id and r["overdue"]),
        "network": _network_summary(notices),
        "network_request_key": new_request_key(),
        "guard": {"owed": owed, "held": held, "ratio": ratio, "over": ratio is not None and ratio > 1},
        "notice_form": notice_form,
        "asset_form": asset_form,
        "action_map": {
            "agencies": {str(a.pk): a.kind for a in agencies},
            "actions": {kind: list(actions) for kind, actions in ACTIONS_BY_AGENCY.items()},
            "measure_actions": list(MEASURE_OF_ACTION),
            "target_actions": [NoticeAction.LIFT, NoticeAction.RENEW],
            "transfer_actions": [NoticeAction.TRANSFER],
            "asset_agencies": {str(a.pk): a.holder_agency_id for a in assets if a.holder_agency_id},
        },
    }
    return render(request, "assistance/court/case.html", context)


@login_required
@require_GET
def case_assistance(request, pk):
    return _case_page(request, _case_or_404(request.user, pk))


@login_required
@require_POST
def notice_draft_view(request, pk):
    case = _case_or_404(request.user, pk)
    respondents, agencies = _form_sources(case)
    form = NoticeDraftForm(
        request.POST,
        agencies=agencies,
        respondents=respondents,
        assets=list(case.assets.select_related("holder_agency").order_by("id")),
        measures=list(case.measures.select_related("asset").order_by("created_at", "id")),
    )
    if form.is_valid():
        try:
            result = notice_draft(actor=request.user, case_id=case.pk, **form.service_kwargs())
        except InvalidInput as exc:  # shown on the form
            put_errors(form, exc.fields or {None: [exc.message]})
        except ServiceError as exc:
            mapping = ErrorMapping(
                failing=_("The assistance notice could not be drawn up: %(error)s"),
                not_found=CASE_NOT_FOUND,
                forbidden=forbidden,
            )
            return mapping.respond(request, exc, lambda: _back(case, "notices"))
        else:
            notice = result.notice
            messages.success(
                request,
                _approval_text(
                    result,
                    _("Assistance notice (%(agency)s, %(action)s)")
                    % {"agency": notice.agency.name, "action": notice.get_action_display()},
                ),
            )
            return _back(case, "notices")
    messages.error(request, _("The assistance notice could not be drawn up; please correct it as indicated."))
    return _case_page(request, case, notice_form=form)


@login_required
@require_POST
def asset_add_view(request, pk):
    case = _case_or_404(request.user, pk)
    respondents, agencies = _form_sources(case)
    form = AssetForm(request.POST, agencies=agencies, respondents=respondents)
    if form.is_valid():
        try:
            asset = asset_record(actor=request.user, case_id=case.pk, **form.service_kwargs())
        except InvalidInput as exc:  # shown on the form
            put_errors(form, exc.fields or {None: [exc.message]})
        except ServiceError as exc:
            mapping = ErrorMapping(
                failing=_("The asset could not be recorded: %(error)s"),
                not_found=CASE_NOT_FOUND,
                forbidden=forbidden,
            )
            return mapping.respond(request, exc, lambda: _back(case, "assets"))
        else:
            messages.success(request, _("Asset recorded: %(asset)s.") % {"asset": asset})
            return _back(case, "assets")
    messages.error(request, _("The asset could not be recorded; please correct it as indicated."))
    return _case_page(request, case, asset_form=form)


def _measure_of_case(case, measure_pk):
    if measure_pk > MAX_ID:
        raise Http404(_("The measure does not exist."))
    measure = case.measures.filter(pk=measure_pk).first()
    if measure is None:
        raise Http404(_("The measure does not exist."))
    return measure


def _notice_of_case(user, case, notice_pk):
    try:
        notice = get_notice_for(user, notice_pk)
    except NotFound:
        raise Http404(_("The assistance notice does not exist or you may not view it.")) from None
    if notice.case_id != case.pk:
        raise Http404(_("The assistance notice does not exist or you may not view it."))
    return notice


@login_required
@require_POST
def measure_lift_view(request, pk, measure_pk):
    case = _case_or_404(request.user, pk)
    measure = _measure_of_case(case, measure_pk)
    form = LiftForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Could not lift the %(kind)s: please give the reason (at most 500 characters).")
            % {"kind": measure.get_kind_display()},
        )
        return _back(case, "measures")
    try:
        result = measure_lift(actor=request.user, measure_id=measure.pk, reason=form.cleaned_data["reason"])
    except ServiceError as exc:
        mapping = ErrorMapping(
            failing=_("Could not lift the %(kind)s") % {"kind": measure.get_kind_display()},
            not_found=_("The measure does not exist or you may not view it."),
            forbidden=forbidden,
        )
        return mapping.respond(request, exc, lambda: _back(case, "measures"))
    else:
        if isinstance(result, DraftResult):
            messages.success(
                request,
                _approval_text(
                    result, _("Assistance notice lifting the %(kind)s") % {"kind": measure.get_kind_display()}
                ),
            )
        else:
            messages.success(
                request,
                _("%(kind)s withdrawn: %(asset)s.")
                % {"kind": measure.get_kind_display(), "asset": measure.asset},
            )
    return _back(case, "measures")


def _notice_action(request, pk, notice_pk, *, run, failing: str, succeeded, anchor: str):
    """Run one service on one notice of the case and turn its answer into a message (or a
    403/404 page): what the sign, judicial-suggestion and close buttons share."""
    case = _case_or_404(request.user, pk)
    notice = _notice_of_case(request.user, case, notice_pk)
    back = _back(case, anchor.format(notice=notice))
    try:
        result = run(notice)
    except ServiceError as exc:
        mapping = ErrorMapping(
            failing=failing,
            not_found=_("The assistance notice does not exist or you may not view it."),
            forbidden=forbidden,
        )
        return mapping.respond(request, exc, lambda: back)
    messages.success(request, succeeded(result, notice))
    return back


@login_required
@require_POST
def notice_sign_view(request, pk, notice_pk):
    return _notice_action(
        request,
        pk,
        notice_pk,
        run=lambda n: notice_sign_draft(actor=request.user, notice_id=n.pk),
        failing=_("Could not issue"),
        succeeded=lambda result, n: _approval_text(
            result, _("%(action)s assistance notice") % {"action": n.get_action_display()}
        ),
        anchor="notices",
    )


@login_required
@require_POST
def judicial_suggestion_view(request, pk, notice_pk):
    return _notice_action(
        request,
        pk,
        notice_pk,
        run=lambda n: notice_judicial_suggestion(actor=request.user, notice_id=n.pk),
        failing=_("Could not send the judicial suggestion"),
        succeeded=lambda n, _result: (
            _("Judicial suggestion %(number)s sent to %(agency)s.")
            % {"agency": n.agency.name, "number": n.suggestion_document.number}
        ),
        anchor="notice-{notice.pk}",
    )


@login_required
@require_POST
def notice_close_view(request, pk, notice_pk):
    """办结 an answered notice (a review suggestion needs the judge's written view)."""
    return _notice_action(
        request,
        pk,
        notice_pk,
        run=lambda n: notice_close(
            actor=request.user, notice_id=n.pk, note=request.POST.get("note", "")[:2000]
        ),
        failing=_("Could not close"),
        succeeded=lambda n, _result: (
            _("Closed: %(agency)s (%(action)s).")
            % {"agency": n.agency.name, "action": n.get_action_display()}
        ),
        anchor="notice-{notice.pk}",
    )


# --- network query (网络查控) ----------------------------------------------------------------------
def _start_network_query(request, respondent_ids, request_key=""):
    """network_query_start, its errors as (None, message) or raised as 403 / 404. The same form sent
    twice (its token) shows the query it started; respondents already being queried show that query
    with a note, not a second one."""
    try:
        query = network_query_start(
            actor=request.user, respondent_ids=respondent_ids, request_key=request_key
        )
        return query, ""
    except NetworkQueryInProgress as exc:
        messages.warning(request, exc.message)
        return redirect("assistance:network-query", pk=exc.query_id), ""
    except InvalidInput as exc:
        return None, error_text(exc)
    except NotAllowed as exc:
        return forbidden(request, exc.message), ""
    except (NotFound, Conflict) as exc:
        return None, exc.message


@login_required
@require_POST
def case_network_query_view(request, pk):
    case = _case_or_404(request.user, pk)
    form = RespondentSelectionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Could not start the network query: %(problem)s")
            % {"problem": _("; ").join(form.errors.get("respondents", [_("Please choose a respondent.")]))},
        )
        return _back(case, "network-query")
    query, problem = _start_network_query(
        request, form.cleaned_data["respondents"], form.cleaned_data["request_key"]
    )
    if isinstance(query, HttpResponse):
        return query
    if query is None:
        messages.error(request, _("Could not start the network query: %(problem)s") % {"problem": problem})
        return _back(case, "network-query")
    messages.success(request, _("Network query started (%(count)s respondents).") % {"count": query.total})
    return redirect("assistance:network-query", pk=query.pk)


def _my_cases(user, *, q: str = ""):
    """Cases this judge or head works on (cases.selectors.works_on_case, as a query), open or 终本."""
    membership = membership_of(user)
    if membership is None or membership.court_id is None:
        return case_list(user, q=q).none()
    qs = case_list(user, q=q, court_id=membership.court_id, order="-filed").filter(state__in=QUERYABLE_STATES)
    return qs.worked_on_by(user)


@login_required
@require_http_methods(["GET", "POST"])
def network_query_new(request):
    """批量网络查控: a judge picks respondents of their cases, a page at a time, and starts one query."""
    if _role(request.user) not in SIGNING_ROLES:
        return forbidden(
            request, _("Network queries are started by the judge in charge or the head of enforcement.")
        )
    selected: set[int] = set()
    if request.method == "POST":
        form = RespondentSelectionForm(request.POST)
        if form.is_valid():
            selected = set(form.cleaned_data["respondents"])
            query, problem = _start_network_query(request, sorted(selected), form.cleaned_data["request_key"])
            if isinstance(query, HttpResponse):
                return query
            if query is not None:
                messages.success(
                    request, _("Network query started (%(count)s respondents).") % {"count": query.total}
                )
                return redirect("assistance:network-query", pk=query.pk)
            messages.error(
                request, _("Could not start the network query: %(problem)s") % {"problem": problem}
            )
        else:
            messages.error(
                request, _("; ").join(form.errors.get("respondents", [_("Please choose a respondent.")]))
            )
    q = (request.GET.get("q") or "")[:100]
    cases = _my_cases(request.user, q=q)
    chosen = [int(v) for v in request.GET.getlist("cases") if v.isdigit()]
    if chosen and request.method == "GET":
        # from the case list's batch button: those cases only, their respondents ticked
        cases = cases.filter(pk__in=chosen)
        selected = set(
            Party.objects.filter(case__in=cases, role=PartyRole.RESPONDENT).values_list("pk", flat=True)
        )
    page = Paginator(cases, BATCH_PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for case in page:
        respondents = [p for p in case.parties.all() if p.role == PartyRole.RESPONDENT]  # prefetched
        if respondents:
            rows.append({"case": case, "respondents": respondents})
    return render(
        request,
        "assistance/court/network_query_new.html",
        {
            "page": page,
            "rows": rows,
            "q": q,
            "query": urlencode({"q": q}) if q else "",
            "selected": selected,
            "request_key": new_request_key(),
        },
    )


def _network_query_or_404(user, pk) -> NetworkQuery:
    try:
        return get_network_query_for(user, pk)
    except NotFound:
        raise Http404(_("The network query does not exist or you may not view it.")) from None


def _progress(query: NetworkQuery) -> dict:
    finished = query.status in (BatchStatus.DONE, BatchStatus.FAILED)
    percent = min(100, 100 * query.done // query.total) if query.total else (100 if finished else 0)
    return {
        "id": query.pk,
        "status": query.status,
        "status_label": BATCH_LABELS.get(query.status, query.status),
        "total": query.total,
        "done": query.done,
        # the names static/js/progress.js reads
        "processed": query.done,
        "failed": query.total - query.done if query.status == BatchStatus.FAILED else 0,
        "percent": percent,
        "finished": finished,
        "errors": [{"case_number": _("Network query"), "message": query.error}] if query.error else [],
    }


@login_required
@require_GET
def network_query_detail(request, pk):
    query = _network_query_or_404(request.user, pk)
    progress = _progress(query)
    cases = []
    if progress["finished"]:
        parties = (
            Party.objects.filter(pk__in=query.respondent_ids).select_related("case").order_by("case_id", "id")
        )
        by_case: dict[int, dict] = {}
        for party in parties:
            entry = by_case.setdefault(party.case_id, {"case": party.case, "respondents": []})
            entry["respondents"].append(party.name)
        counts = dict(
            Notice.objects.filter(network_query=query)
            .values_list("case_id")
            .order_by("case_id")
            .annotate(n=Count("id"))
        )
        for case_id, entry in by_case.items():
            entry["notices"] = counts.get(case_id, 0)
        cases = list(by_case.values())
    return render(
        request,
        "assistance/court/network_query.html",
        {
            "query": query,
            "progress": progress,
            "cases": cases,
            "kinds": [AgencyKind(k).label for k in NETWORK_QUERY_KINDS],
        },
    )


@never_cache
@login_required
@require_GET
def network_query_progress(request, pk):
    try:
        query = _network_query_or_404(request.user, pk)
    except Http404:
        return JsonResponse(
            {"error": "not_found", "message": _("The network query does not exist or you may not view it.")},
            status=404,
        )
    return JsonResponse(_progress(query))


# --- scoreboard (联席会议) --------------------------------------------------------------------------
CSV_HEADERS = [
    gettext_lazy("Assisting agency"),
    gettext_lazy("Agency category"),
    gettext_lazy("Notices received"),
    gettext_lazy("Answered in time"),
    gettext_lazy("Answered late"),
    gettext_lazy("Overdue, unanswered"),
    gettext_lazy("Answered in time (%)"),
    gettext_lazy("Median answer time (hours)"),
]


@login_required
@require_GET
def scoreboard(request):
    if _role(request.user) not in SCOREBOARD_ROLES and not request.user.is_superuser:
        return forbidden(
            request,
            _("The agency scoreboard is for the head of enforcement, supervisors and administrators."),
        )
    start, end, kind = ScoreboardFilterForm.defaults()
    form = ScoreboardFilterForm(request.GET or None, initial={"start": start, "end": end})
    start, end, kind = form.period()
    court_ids = (
        None if request.user.is_superuser else list(visible_courts(request.user).values_list("pk", flat=True))
    )
    rows = agency_scoreboard(start=start, end=end, agency_kind=kind, court_ids=court_ids)
    totals = {key: sum(r[key] for r in rows) for key in ("received", "in_time", "late", "overdue_open")}
    totals["in_time_rate"] = (
        round(100 * totals["in_time"] / totals["received"], 1) if totals["received"] else None
    )
    if request.GET.get("format") == "csv":
        return _scoreboard_csv(rows, start, end)
    params = request.GET.copy()
    params["format"] = "csv"
    return render(
        request,
        "assistance/court/scoreboard.html",
        {
            "form": form,
            "rows": rows,
            "totals": totals,
            "start": start,
            "end": end,
            "kind_label": dict(AgencyKind.choices).get(kind, _("All kinds")),
            "csv_query": params.urlencode(),
        },
    )


def _scoreboard_csv(rows, start: dt.date, end: dt.date) -> HttpResponse:
    return export_response(
        "csv",
        filename=_("agency-scoreboard_%(start)s-%(end)s.csv")
        % {"start": f"{start:%Y%m%d}", "end": f"{end:%Y%m%d}"},
        headers=[str(h) for h in CSV_HEADERS],
        rows=(
            [
                r["agency"].name,
                r["agency"].get_kind_display(),
                r["received"],
                r["in_time"],
                r["late"],
                r["overdue_open"],
                r["in_time_rate"],
                r["median_hours"],
            ]
            for r in rows
        ),
    )
