"""assets.registry.disposal_blockers: the first registered reason holds an asset's disposal; with none
registered, or none objecting, the asset passes."""

from types import SimpleNamespace

import pytest

from assets import registry


@pytest.fixture
def blockers(monkeypatch):
    monkeypatch.setattr(registry, "disposal_blockers", [])
    return registry.disposal_blockers


def test_nothing_registered_passes(blockers):
    assert registry.disposal_blocked(SimpleNamespace(pk=1)) is None


def test_first_reason_wins_and_a_none_passes_on(blockers):
    registry.register_disposal_blocker(lambda asset: None)
    registry.register_disposal_blocker(
        lambda asset: f"案外人异议审查中（财产{asset.pk}）" if asset.pk == 7 else None
    )
    registry.register_disposal_blocker(lambda asset: "第二个理由")
    assert registry.disposal_blocked(SimpleNamespace(pk=7)) == "案外人异议审查中（财产7）"
    assert registry.disposal_blocked(SimpleNamespace(pk=8)) == "第二个理由"


def test_registering_twice_asks_once(blockers):
    calls = []

    def check(asset):
        calls.append(asset.pk)

    registry.register_disposal_blocker(check)
    registry.register_disposal_blocker(check)
    registry.disposal_blocked(SimpleNamespace(pk=3))
    assert calls == [3]
