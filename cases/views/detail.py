"""The case page and what is posted from it: actions (carried out, or proposed for approval),
reassigning the judge or clerk, and correcting a party's contact details."""

import os
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases.actions import get_action
from cases.choices import CaseStage, CaseState, PartyKind, PartyRole, Sex
from cases.closing import AGREEMENT_UPLOAD_PREFIX
from cases.events import CASE_VIEWED_FULL_ID
from cases.forms import ActionForm, ApplicantHearingForm, CaseReassignForm, PartyContactForm, agent_formset
from cases.registry import next_steps_for, panels_for, timeline_kinds
from cases.selectors import (
    case_timeline,
    days_left,
    full_ids_revealed,
    get_case_for,
    pending_approvals_of,
    works_on_case,
)
from cases.services import (
    AgentInput,
    applicant_hearing_record,
    available_actions,
    case_act,
    case_update,
    party_set_whereabouts,
    party_update,
)
from cases.validators import mask_id
from cases.views.common import error_text
from enforcement.choices import Role
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from enforcement.registry import timeline_entry
from enforcement.view_errors import ErrorMapping, service_errors

# Which actions take extra input on the page, and which form fields carry it into the payload:
# a name is both the form field and the payload key, a pair is (payload key, form field).
PAYLOAD_FIELDS = {
    "extend": ("months",),
    "settle": ("signed_on", "terms", "agreement_text", "agreement_file", "instalments"),
    "record_instalment": ("seq", "amount", "performed_on"),
    "resume_on_breach": (("ground", "breach_ground"), ("facts", "breach_facts"), "applied_on"),
    "terminate": (("ground", "termination_ground"), ("facts", "termination_facts")),
    "withdraw": ("withdrawn_on", ("document", "withdrawal_document"), "after_settlement"),
}
# what an uploaded settlement agreement may be (cases.closing keeps it until the approval)
AGREEMENT_TYPES = {".pdf", ".jpg", ".jpeg", ".png"}
AGREEMENT_MAX_BYTES = 20 * 1024 * 1024
# and what its first bytes must be (the name alone lets any file in under a .pdf name)
AGREEMENT_MAGIC = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


def _payload_pairs(key: str) -> list[tuple[str, str]]:
    return [(name, name) if isinstance(name, str) else name for name in PAYLOAD_FIELDS.get(key, ())]


def _form_field_of(key: str, error_name: str) -> str | None:
    """The form field a service error names (payload.<key>[.…]), on this action's form."""
    if not error_name.startswith("payload."):
        return error_name
    payload_key = error_name.removeprefix("payload.").split(".")[0]
    return dict(_payload_pairs(key)).get(payload_key)


def _store_agreement(upload) -> str:
    """Keep the uploaded agreement until the settlement is decided; its storage name goes in the
    payload (cases.closing.clean_settlement checks it is one of these)."""
    ext = os.path.splitext(upload.name)[1].lower()
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if (
        ext not in AGREEMENT_TYPES
        or upload.size > AGREEMENT_MAX_BYTES
        or not head.startswith(AGREEMENT_MAGIC)
    ):
        message = _("Upload the agreement as a PDF, JPG or PNG file of at most 20 MB.")
        raise InvalidInput(message, fields={"payload.agreement_file": [message]})
    name = f"{AGREEMENT_UPLOAD_PREFIX}pending/{secrets.token_hex(8)}{ext}"
    return default_storage.save(name, upload)


def _case_or_404(user, pk):
    try:
        return get_case_for(user, pk)
    except NotFound:
        raise Http404(_("The case does not exist or you may not view it.")) from None


@login_required
def case_detail(request, pk):
    return _render_detail(request, _case_or_404(request.user, pk))


def _render_detail(request, case, *, failed: tuple[str, ActionForm] | None = None):
    user = request.user
    works = works_on_case(user, case)
    parties = list(case.parties.prefetch_related("agents"))
    # seeing a person's full ID number is itself audited, once per page view (by the selector)
    full_ids = full_ids_revealed(user, case, parties)
    cards = [_party_card(p, full_ids=full_ids, show_code=works) for p in parties]
    actions = [_action_entry(entry, failed) for entry in available_actions(user, case)]
    today = timezone.localdate()
    steps = [{**step, "days": (step["due"] - today).days} for step in next_steps_for(case)]
    pending = [
        {
            "approval": a,
            "label": _action_label(a.action),
            "payload": _payload_text(a.payload),
            "approver": Role(a.required_role).label if a.required_role in Role.values else a.required_role,
        }
        for a in pending_approvals_of(case)
    ]
    context = {
        "case": case,
        "basis": getattr(case, "basis", None),
        "days_left": days_left(case),
        "applicants": [c for c in cards if c["party"].role == PartyRole.APPLICANT],
        "respondents": [c for c in cards if c["party"].role == PartyRole.RESPONDENT],
        "full_ids": full_ids,
        "works": works,
        "actions": [a for a in actions if not a["blockers"]],
        "blocked_actions": [a for a in actions if a["blockers"]],
        "action_groups": _by_stage([a for a in actions if not a["blockers"]]),
        "blocked_groups": _by_stage([a for a in actions if a["blockers"]]),
        "next_step": steps[0] if steps else None,
        "later_steps": steps[1:],
        "suspended": case.state == CaseState.SUSPENDED,
        "pending": pending,
        **_timeline_context(request, case),
        "panels": panels_for(request, case),
        "resumed_from": case.resumed_from,
        "resumptions": list(case.resumptions.all()),
        "related_cases": list(case.related_cases.order_by("filed_at", "id")),
        "reassign_form": (
            CaseReassignForm(initial={"judge": case.judge_id}, court=case.court) if works else None
        ),
    }
    return render(request, "cases/case_detail.html", context)


def _by_stage(entries: list[dict]) -> list[dict]:
    """Actions grouped by the stage of enforcement they belong to (CaseStage order), those of no one
    stage last: [{"stage", "label", "entries"}], empty groups left out."""
    groups = [{"stage": value, "label": label, "entries": []} for value, label in CaseStage.choices]
    groups.append({"stage": "", "label": _("Time limit and suspension"), "entries": []})
    index = {group["stage"]: group for group in groups}
    for entry in entries:
        index.get(entry["action"].stage, index[""])["entries"].append(entry)
    return [group for group in groups if group["entries"]]


def _timeline_context(request, case) -> dict:
    """The case record: newest first, grouped by day, optionally one kind only (?kind=…)."""
    kind = request.GET.get("kind", "")
    kind = kind if kind in timeline_kinds else ""
    events = case_timeline(case, kind=kind, newest_first=True).exclude(action=CASE_VIEWED_FULL_ID.action)
    days = []
    for event in events:
        day = timezone.localtime(event.created_at).date()
        if not days or days[-1]["day"] != day:
            days.append({"day": day, "events": []})
        days[-1]["events"].append({"event": event, "entry": timeline_entry(event)})
    return {
        "timeline_days": days,
        "timeline_kind": kind,
        "timeline_kinds": [(k.key, k.label) for k in timeline_kinds],
    }


def _party_card(party, *, full_ids: bool, show_code: bool) -> dict:
    # A 统一社会信用代码 is public (printed on the business licence); a person's number is masked
    # for everyone who does not work on the case (cases.validators.mask_id).
    shown_full = full_ids or party.kind != PartyKind.PERSON
    # Sex and birth date come out of the number, so they are shown only with the full number.
    facts = party.id_facts if shown_full and party.kind == PartyKind.PERSON else None
    return {
        "party": party,
        "id_label": party.get_id_type_display()
        if party.id_type
        else _("Resident ID number")
        if party.kind == PartyKind.PERSON
        else _("Unified social credit code"),
        "id_display": party.id_number if shown_full else mask_id(party.id_number),
        "sex": Sex(facts[0]).label if facts else "",
        "birth_date": facts[1] if facts else None,
        "agents": [
            {"agent": agent, "id_display": agent.id_number if full_ids else mask_id(agent.id_number)}
            for agent in party.agents.all()
        ],
        "query_code": party.query_code if show_code else "",
        "agent_forms": agent_formset(party, full_ids=full_ids) if show_code else None,
        "contact_form": (
            PartyContactForm(
                initial={
                    "address": party.address,
                    "phone": party.phone,
                    "legal_representative": party.legal_representative,
                },
                auto_id=f"id_party{party.pk}_%s",
            )
            if show_code
            else None
        ),
    }


def _action_entry(entry: dict, failed) -> dict:
    action = entry["action"]
    if failed and failed[0] == action.key:
        form = failed[1]
    else:
        form = ActionForm(initial={"action": action.key}, auto_id=f"id_{action.key}_%s")
    if action.approver_role:
        form.fields["reason"].widget.attrs["required"] = True
    pairs = _payload_pairs(action.key)
    return {
        "action": action,
        "blockers": entry["blockers"],
        "approver": Role(action.approver_role).label if action.approver_role else "",
        "form": form,
        "fields": [field for _key, field in pairs],
        # the closing fields, shown with their labels and errors (partials/field.html)
        "payload_fields": [form[field] for _key, field in pairs if field != "months"],
        "multipart": any(field == "agreement_file" for _key, field in pairs),
    }


def _action_label(key: str) -> str:
    action = get_action(key)
    return str(action.label) if action else key


def _payload_text(payload: dict) -> str:
    if payload.get("months"):
        return _("Extend by %(months)s months") % {"months": payload["months"]}
    if payload.get("instalments"):
        return _("Settlement signed on %(day)s: %(total)s yuan in %(count)s instalments") % {
            "day": payload.get("signed_on", ""),
            "total": payload.get("total", ""),
            "count": len(payload["instalments"]),
        }
    if payload.get("withdrawn_on"):
        return _("Withdrawn on %(day)s: %(document)s") % {
            "day": payload["withdrawn_on"],
            "document": payload.get("document", ""),
        }
    if payload.get("ground") and payload.get("facts"):
        return _("Ground %(ground)s: %(facts)s") % {"ground": payload["ground"], "facts": payload["facts"]}
    return ""


@login_required
@require_POST
def case_act_view(request, pk):
    case = _case_or_404(request.user, pk)
    form = ActionForm(request.POST, request.FILES, auto_id=f"id_{request.POST.get('action', '')[:64]}_%s")
    if not form.is_valid():
        messages.error(request, _form_error_text(form))
        return redirect("cases:detail", pk=case.pk)
    key = form.cleaned_data["action"]
    payload = {
        payload_key: form.cleaned_data[field]
        for payload_key, field in _payload_pairs(key)
        if form.cleaned_data.get(field) is not None and field != "agreement_file"
    }
    label = _action_label(key)

    def back():
        return redirect("cases:detail", pk=case.pk)

    try:
        if form.cleaned_data.get("agreement_file") and key == "settle":
            payload["agreement_file"] = _store_agreement(form.cleaned_data["agreement_file"])
        result = case_act(
            actor=request.user,
            case_id=case.pk,
            action_key=key,
            reason=form.cleaned_data["reason"],
            payload=payload,
        )
    except InvalidInput as exc:
        if get_action(key) is None:
            return ErrorMapping().respond(request, exc, back)
        for name, msgs in exc.fields.items():  # shown on the action's form, the page again
            field = _form_field_of(key, name)
            form.add_error(field if field in form.fields else None, msgs)
        messages.error(
            request,
            _("“%(action)s” could not be submitted: %(error)s") % {"action": label, "error": error_text(exc)},
        )
        return _render_detail(request, case, failed=(key, form))
    except (Conflict, NotAllowed, NotFound) as exc:
        mapping = ErrorMapping(
            # The action's name goes in now, what is wrong by the mapping.
            failing=_("“%(action)s” could not be carried out: %(error)s")
            % {"action": label, "error": "%(error)s"},
            not_found=_("The case does not exist or you may not view it."),
        )
        return mapping.respond(request, exc, back)
    if result.done:
        messages.success(request, _("Done: %(action)s.") % {"action": label})
    else:
        approver = Role(result.approval.required_role).label
        messages.success(
            request,
            _("Submitted for approval: %(action)s, awaiting the %(approver)s.")
            % {"action": label, "approver": approver},
        )
    return back()


def _back_to_case(request, pk, *args, **kwargs):
    return redirect("cases:detail", pk=pk)


@login_required
@require_POST
@service_errors(
    failing=gettext_lazy("The case details could not be changed: %(error)s"),
    not_found=gettext_lazy("The case does not exist or you may not view it."),
    back=_back_to_case,
)
def case_reassign_view(request, pk):
    case = _case_or_404(request.user, pk)
    form = CaseReassignForm(request.POST, court=case.court)
    if not form.is_valid():
        messages.error(request, _form_error_text(form))
        return redirect("cases:detail", pk=case.pk)
    data = form.cleaned_data
    updated = case_update(
        actor=request.user,
        case_id=case.pk,
        judge_id=data["judge"],
        clerk_id=data["clerk"],
        reason=data["reason"],
    )
    if (updated.judge_id, updated.clerk_id) == (case.judge_id, case.clerk_id):
        messages.info(request, _("Neither the judge in charge nor the clerk changed."))
    else:
        messages.success(request, _("The judge in charge or the clerk was changed."))
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
@service_errors(
    failing=gettext_lazy("The party's details could not be changed: %(error)s"),
    not_found=gettext_lazy("The party does not exist."),
    back=_back_to_case,
)
def party_edit_view(request, pk, party_pk):
    case = _case_or_404(request.user, pk)
    party = case.parties.filter(pk=party_pk).first()
    if party is None:
        raise Http404(_("The party does not exist."))
    form = PartyContactForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_error_text(form))
        return redirect("cases:detail", pk=case.pk)
    values = {"address": form.cleaned_data["address"], "phone": form.cleaned_data["phone"]}
    legal_rep = form.cleaned_data["legal_representative"].strip()
    if party.kind != PartyKind.PERSON and legal_rep:
        values["legal_representative"] = legal_rep  # left blank: unchanged
    agents = agent_formset(party, full_ids=False, data=request.POST)
    if agents.management_form.is_valid():  # a form without the agents' rows leaves them as they are
        if not agents.is_valid():
            messages.error(request, _formset_error_text(agents))
            return redirect("cases:detail", pk=case.pk)
        values["agents"] = _agent_inputs(party, agents)
    party_update(actor=request.user, party_id=party.pk, **values)
    messages.success(request, _("The contact details of %(name)s were saved.") % {"name": party.name})
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
@service_errors(
    failing=gettext_lazy("The whereabouts could not be recorded: %(error)s"),
    not_found=gettext_lazy("The party does not exist."),
    back=_back_to_case,
)
def party_whereabouts_view(request, pk, party_pk):
    case = _case_or_404(request.user, pk)
    party = case.parties.filter(pk=party_pk).first()
    if party is None:
        raise Http404(_("The party does not exist."))
    party = party_set_whereabouts(
        actor=request.user, party_id=party.pk, unknown=request.POST.get("unknown") == "1"
    )
    messages.success(request, _("The whereabouts of %(name)s were recorded.") % {"name": party.name})
    return redirect(reverse("cases:detail", args=[case.pk]) + "#end-round")


@login_required
@require_POST
@service_errors(
    failing=gettext_lazy("The hearing of the applicant could not be recorded: %(error)s"),
    back=_back_to_case,
)
def applicant_hearing_view(request, pk):
    case = _case_or_404(request.user, pk)
    form = ApplicantHearingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_error_text(form))
        return redirect(reverse("cases:detail", args=[case.pk]) + "#end-round")
    applicant_hearing_record(
        actor=request.user,
        case_id=case.pk,
        held_on=form.cleaned_data["held_on"],
        way=form.cleaned_data["way"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("The hearing of the applicant was recorded."))
    return redirect(reverse("cases:detail", args=[case.pk]) + "#end-round")


def _agent_inputs(party, formset) -> list[AgentInput]:
    """The party's agents as the page's rows give them: a removed row and the blank row left out;
    an ID number that was not shown and is left blank stays what it was."""
    on_record = {agent.pk: agent for agent in party.agents.all()}
    agents = []
    for row in formset.forms:
        data = row.cleaned_data
        if data.get("DELETE") or not row.is_filled:
            continue
        before = on_record.get(data.get("agent"))
        id_type, id_number = data.get("id_type", ""), data.get("id_number", "")
        if before is not None and data.get("keep_id") and not id_number:
            id_type, id_number = before.id_type, before.id_number
        agents.append(
            AgentInput(
                kind=data.get("kind", ""),
                name=data.get("name", ""),
                id_type=id_type if id_number else "",
                id_number=id_number,
                phone=data.get("phone", ""),
            )
        )
    return agents


def _formset_error_text(formset) -> str:
    for row in formset.forms:
        if row.errors:
            return _form_error_text(row)
    return _("The submission has errors: ") + _("; ").join(str(e) for e in formset.non_form_errors())


def _form_error_text(form) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields and form.fields[name].label else ""
        parts.extend(
            _("%(label)s: %(error)s") % {"label": label, "error": e} if label else str(e) for e in errors
        )
    return _("The submission has errors: ") + _("; ").join(parts)
