"""Case numbers (案号): `（2026）青0102执1号`, counted per court, year and type with no gap and no
duplicate, under a row lock."""

from cases.models import CaseNumberCounter


def case_number(*, year: int, court_code: str, type_code: str, seq: int) -> str:
    """（2026）青0102执1号 — 最高人民法院关于人民法院案件案号的若干规定."""
    return f"（{year}）{court_code}{type_code}{seq}号"


def allocate_number(court, year: int, type_code: str) -> int:
    """Next sequence number under a row lock: no gap, no duplicate, even under concurrent filing.
    The counter row is created if missing (a lost creation race is harmless with ignore_conflicts)."""
    CaseNumberCounter.objects.bulk_create(
        [CaseNumberCounter(court=court, year=year, type_code=type_code, last=0)], ignore_conflicts=True
    )
    counter = CaseNumberCounter.objects.select_for_update().get(court=court, year=year, type_code=type_code)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
