"""What other apps add to the assets app, registered from their AppConfig.ready().

renewal_drafters: callables(measures) -> set of measure ids, run once for the measures entering
their first expiry warning window (assets.services.measures_expiry_sweep: a chunk of them at a
time, in the chunk's transaction); the ids are those it drafted a renewal notice for. assistance
registers the 续行 notices it drafts for the judge to sign.

disposal_blockers: callables(asset) -> str | None, asked before any step that disposes of an asset
(price finding, an auction or its round, 变卖, 以物抵债); a text says why the asset may not be disposed
of now (an outsider's objection to it pending: objections registers it), None lets it pass.
assets.registry.disposal_blocked(asset) gives the first such text."""

from collections.abc import Callable

renewal_drafters: list[Callable] = []


def register_renewal_drafter(draft: Callable) -> Callable:
    if draft not in renewal_drafters:
        renewal_drafters.append(draft)
    return draft


disposal_blockers: list[Callable] = []


def register_disposal_blocker(check: Callable) -> Callable:
    if check not in disposal_blockers:
        disposal_blockers.append(check)
    return check


def disposal_blocked(asset) -> str | None:
    """Why this asset may not be disposed of now, or None (see disposal_blockers)."""
    for check in disposal_blockers:
        reason = check(asset)
        if reason:
            return reason
    return None
