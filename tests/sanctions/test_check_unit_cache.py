"""The units' keys are read from the shared cache (a unit checks many times a second), and a change
to a unit applies at once: a revoked unit, a replaced key or a deleted unit is refused on the next
request although its row was cached. The per-unit counter on Redis counts every request once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from sanctions import checks
from sanctions.models import CheckUnit

pytestmark = pytest.mark.django_db
URL = "/api/v1/sanctions/checks/"


def _client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Unit {key}")
    return client


def _unit_queries(key) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert _client(key).post(URL, {"ids": []}, format="json").status_code == 200
    return sum(1 for q in queries.captured_queries if "sanctions_checkunit" in q["sql"])


def test_a_units_row_is_read_once_then_from_the_cache(unit_key):
    _unit, key = unit_key
    assert _unit_queries(key) == 1
    assert _unit_queries(key) == 0


def test_a_revoked_unit_is_refused_on_the_next_request(unit_key):
    unit, key = unit_key
    assert _client(key).post(URL, {"ids": []}, format="json").status_code == 200  # now cached
    unit.active = False
    unit.save()
    assert _client(key).post(URL, {"ids": []}, format="json").status_code == 401


def test_a_replaced_key_is_refused_and_the_new_one_accepted(unit_key):
    unit, old_key = unit_key
    assert _client(old_key).post(URL, {"ids": []}, format="json").status_code == 200
    new_key = unit.set_new_key()
    unit.save()
    assert _client(old_key).post(URL, {"ids": []}, format="json").status_code == 401
    assert _client(new_key).post(URL, {"ids": []}, format="json").status_code == 200


def test_a_wrong_secret_with_a_cached_prefix_is_refused(unit_key):
    _unit, key = unit_key
    assert _client(key).post(URL, {"ids": []}, format="json").status_code == 200
    prefix = key.partition(".")[0]
    assert _client(prefix + ".not-the-secret").post(URL, {"ids": []}, format="json").status_code == 401
    assert CheckUnit.objects.authenticate(prefix + ".not-the-secret") is None


def test_a_unit_made_after_its_prefix_was_asked_for_is_accepted(db):
    unit = CheckUnit(name="某铁路局", kind="railway")
    key = unit.set_new_key()
    assert CheckUnit.objects.authenticate(key) is None  # unknown prefix, remembered as unknown
    unit.save()
    assert CheckUnit.objects.authenticate(key) == unit


def test_a_deleted_unit_is_refused(unit_key):
    unit, key = unit_key
    assert CheckUnit.objects.authenticate(key) == unit
    unit.delete()
    assert CheckUnit.objects.authenticate(key) is None


@pytest.mark.redis
def test_the_counter_on_redis_counts_each_request_once_and_expires(settings, monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    redis_cache = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-counter"})
    monkeypatch.setattr(checks, "cache", redis_cache)
    key = "ratelimit:sanctions-unit:0:0"
    redis_cache.delete(key)
    try:
        assert checks._count_one(key, timeout=61) is None
        assert [checks._count_one(key, timeout=61) for _ in range(2)] == [2, 3]
        full = redis_cache.make_and_validate_key(key)
        assert 0 < redis_cache._cache.get_client(full).ttl(full) <= 61
        assert redis_cache.get(key) == 3  # the same value Django's cache reads
    finally:
        redis_cache.delete(key)
