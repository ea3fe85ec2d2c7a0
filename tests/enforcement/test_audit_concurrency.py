"""On PostgreSQL: many writers record events at once without waiting on one another, and two
sealers racing still produce one gapless chain."""

import threading

import pytest
from django.db import connection

from enforcement.audit import audit_record, audit_seal_pending, audit_verify
from enforcement.models import AuditEvent, AuditSeal

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_threads(target, n):
    errors = []
    barrier = threading.Barrier(n)

    def wrapped(i):
        try:
            barrier.wait(timeout=10)
            target(i)
        except Exception as exc:  # collected and re-raised in the test thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrapped, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors


def test_concurrent_writers_and_sealers_make_one_gapless_chain(clerk, court):
    run_threads(
        lambda i: [audit_record(actor=clerk, action="t", summary=f"{i}-{j}", court=court) for j in range(10)],
        8,
    )
    run_threads(lambda i: audit_seal_pending(batch=7), 4)
    total = AuditEvent.objects.count()
    assert total >= 80
    assert list(AuditSeal.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, total + 1))
    result = audit_verify()
    assert result.ok and result.checked == total
