"""What other apps' tests call to meet the sanctions app's conditions (终本 needs a 限制消费令
against every respondent: sanctions.selectors.consumption_order_issued)."""

from cases.choices import PartyRole
from sanctions import services
from sanctions.choices import OrderStatus
from sanctions.models import ConsumptionOrder


def restrict_every_respondent(case, actor) -> None:
    """Issue a 限制消费令 against each respondent of the case that has none in force."""
    have = set(
        ConsumptionOrder.objects.filter(case=case, status=OrderStatus.IN_FORCE).values_list(
            "party_id", flat=True
        )
    )
    for party in case.parties.filter(role=PartyRole.RESPONDENT).order_by("pk"):
        if party.pk not in have:
            services.consumption_issue(actor=actor, case_id=case.pk, party_id=party.pk)
