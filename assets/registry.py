"""What other apps add to the assets app, registered from their AppConfig.ready().

renewal_drafters: callables(measure) -> bool, run once when a measure enters its first expiry
warning window (assets.services.measures_expiry_sweep); True when one drafted a renewal notice.
assistance registers the 续行 notice it drafts for the judge to sign."""

from collections.abc import Callable

renewal_drafters: list[Callable] = []


def register_renewal_drafter(draft: Callable) -> Callable:
    if draft not in renewal_drafters:
        renewal_drafters.append(draft)
    return draft
