"""Rules as data, the part every app shares: a statutory number is a `Rule` row beside
the law, the article and the day it took effect, and a `RuleRegistry` answers "which revision was in
force on this day". Each app keeps its own rows and its registry in its rules module (cases.rules,
assets.rules): a revision of the law is a new row there, never an edit of an old one."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

SYSTEM_SETTING = "本系统设置"
# A system setting is not law; it applies to every case however old.
ALWAYS = dt.date(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class Rule:
    """One revision of one statutory number. `article` is empty for a system setting."""

    key: str
    value: Any
    source: str
    article: str
    effective_from: dt.date
    note: str = ""

    @property
    def citation(self) -> str:
        """What the case page shows next to a number it produced."""
        if self.source == SYSTEM_SETTING:
            return SYSTEM_SETTING
        day = self.effective_from
        return f"{self.source}{self.article}（{day.year}年{day.month}月{day.day}日起施行）"


class RuleNotFound(LookupError):
    """No rule with this key, or none in force on the date asked about."""


class RuleRegistry:
    """Revisions of every rule, by key, oldest first."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        by_key: dict[str, list[Rule]] = defaultdict(list)
        for item in rules:
            by_key[item.key].append(item)
        self._revisions: dict[str, tuple[Rule, ...]] = {}
        for key, revisions in by_key.items():
            revisions.sort(key=lambda item: item.effective_from)
            dates = [item.effective_from for item in revisions]
            if len(set(dates)) != len(dates):
                raise ValueError(f"rule {key!r} has two revisions taking effect on the same day")
            self._revisions[key] = tuple(revisions)

    def keys(self) -> frozenset[str]:
        return frozenset(self._revisions)

    def revisions(self, key: str) -> tuple[Rule, ...]:
        """Every revision of `key`, oldest first."""
        try:
            return self._revisions[key]
        except KeyError:
            raise RuleNotFound(f"没有名为“{key}”的规则") from None

    def get(self, key: str, *, on: dt.date) -> Rule:
        """The newest revision of `key` in force on `on` (its effective_from on or before `on`)."""
        if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
            raise TypeError("on must be a datetime.date (the day that matters), not a datetime")
        in_force = [item for item in self.revisions(key) if item.effective_from <= on]
        if not in_force:
            first = self.revisions(key)[0]
            raise RuleNotFound(
                f"规则“{key}”在{on.isoformat()}尚无生效的版本"
                f"（最早的版本自{first.effective_from.isoformat()}起施行：{first.source}{first.article}）"
            )
        return in_force[-1]
