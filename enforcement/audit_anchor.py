"""Anchors of the audit chain: the newest seal (seq, hash, time) written outside the audit tables,
so that removing the newest events together with their seals, or emptying both tables, is caught.

The hash chain alone cannot show a removed tail: what is left is still a valid chain. Whoever
controls the database (its owner, a superuser) can also disable the append-only triggers. So the
chain's head is copied, every AUDIT_ANCHOR_INTERVAL seconds (beat) and after sealing (at most once
per interval), to two places the database's administrators need not control:

- a small JSON file in a storage (settings.AUDIT_ANCHOR_STORAGE, a key of STORAGES: the media
  volume by default, an S3 bucket with object lock in a court's data centre), one file per anchor,
  never rewritten: ``audit-anchors/<local date>/<seq, 12 digits>-<first 16 hex of the hash>.json``;
- a structured log line (logger ``enforcement.audit.anchor``), for the log collector.

verify_audit reads, for every day, the anchor with the highest seq and reports each whose seq is
past the chain's head (the tail is missing) or whose hash differs from the seal at that seq (the
chain was rewritten). Events sealed after the newest anchor can still go unnoticed: the interval
bounds that window."""

import datetime as dt
import json
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from enforcement.models import AuditSeal

logger = logging.getLogger("enforcement.audit.anchor")

# Cache keys: the head last anchored (so the beat job writes nothing when nothing was sealed), and
# the interval's throttle for anchoring after sealing (so a busy court writes one file a minute,
# not one per transaction).
LAST_KEY = "audit-anchor:last"
THROTTLE_KEY = "audit-anchor:recent"


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    sealed_at: str = ""
    anchored_at: str = ""
    event_id: int | None = None
    source: str = ""  # where it was read from: a storage path, or "command line"

    def describe(self) -> str:
        when = ""
        if self.anchored_at:
            try:
                local = timezone.localtime(dt.datetime.fromisoformat(self.anchored_at))
                when = f" written {local:%Y-%m-%d %H:%M:%S}"
            except ValueError:
                when = f" written {self.anchored_at}"
        where = f" ({self.source})" if self.source else ""
        return f"anchor{when}{where}: seq {self.seq}, hash {self.hash[:16]}…"


def _storage():
    return storages[settings.AUDIT_ANCHOR_STORAGE]


def _cache_get(key):
    try:
        return cache.get(key)
    except Exception:  # the cache (Redis) is away: anchor anyway, one file too many does no harm
        logger.warning("audit anchor: cache unavailable", exc_info=True)
        return None


def audit_anchor_write(*, throttle: bool = False) -> Anchor | None:
    """Write the chain's current head as an anchor, unless it is the head anchored last. With
    `throttle`, write only if no anchor was written in the last AUDIT_ANCHOR_INTERVAL seconds
    (the after-sealing path; beat's periodic run catches up). Returns the anchor written, or None.

    Call it outside a transaction, or after commit: an anchor of a seal that then rolls back would
    be reported as a removed tail."""
    head = AuditSeal.objects.order_by("-seq").values("seq", "hash", "sealed_at", "event_id").first()
    if head is None:
        return None
    marker = f"{head['seq']}:{head['hash']}"
    if _cache_get(LAST_KEY) == marker:
        return None
    interval = settings.AUDIT_ANCHOR_INTERVAL
    if throttle:
        try:
            if not cache.add(THROTTLE_KEY, head["seq"], timeout=interval):
                return None
        except Exception:  # no cache, no throttle: beat's run writes the anchor
            logger.warning("audit anchor: cache unavailable, left to the periodic run", exc_info=True)
            return None
    now = timezone.now()
    anchor = Anchor(
        seq=head["seq"],
        hash=head["hash"],
        sealed_at=head["sealed_at"].isoformat(),
        anchored_at=now.isoformat(),
        event_id=head["event_id"],
    )
    payload = {
        "seq": anchor.seq,
        "hash": anchor.hash,
        "event_id": anchor.event_id,
        "sealed_at": anchor.sealed_at,
        "anchored_at": anchor.anchored_at,
    }
    name = (
        f"{settings.AUDIT_ANCHOR_PREFIX}/{timezone.localdate(now).isoformat()}/"
        f"{anchor.seq:012d}-{anchor.hash[:16]}.json"
    )
    stored = _storage().save(name, ContentFile(json.dumps(payload, sort_keys=True).encode()))
    logger.info(
        "audit anchor seq=%s hash=%s",
        anchor.seq,
        anchor.hash,
        extra={"audit_anchor": {**payload, "file": stored}},
    )
    try:
        cache.set(LAST_KEY, marker, timeout=None)
        cache.set(THROTTLE_KEY, anchor.seq, timeout=interval)
    except Exception:
        logger.warning("audit anchor: cache unavailable", exc_info=True)
    return Anchor(**{**anchor.__dict__, "source": stored})


def audit_anchor_after_seal() -> None:
    """After a sealing pass committed: anchor the new head, at most once per interval. Never fails
    the sealing: beat's periodic run writes the anchor a failure here left out."""
    try:
        audit_anchor_write(throttle=True)
    except Exception:
        logger.warning("audit anchor after sealing failed; the periodic run will write it", exc_info=True)


def audit_anchors_read() -> tuple[list[Anchor], list[str]]:
    """The anchor with the highest seq of each day in the anchor storage, newest day first, and the
    files that could not be read (a damaged anchor is itself a finding)."""
    storage = _storage()
    prefix = settings.AUDIT_ANCHOR_PREFIX
    try:
        days, _files = storage.listdir(prefix)
    except FileNotFoundError:
        return [], []
    anchors, unreadable = [], []
    for day in sorted(days, reverse=True):
        _dirs, files = storage.listdir(f"{prefix}/{day}")
        names = sorted(name for name in files if name.endswith(".json"))
        if not names:
            continue
        path = f"{prefix}/{day}/{names[-1]}"
        try:
            with storage.open(path, "rb") as fh:
                data = json.loads(fh.read())
            anchors.append(
                Anchor(
                    seq=int(data["seq"]),
                    hash=str(data["hash"]),
                    sealed_at=str(data.get("sealed_at", "")),
                    anchored_at=str(data.get("anchored_at", "")),
                    event_id=data.get("event_id"),
                    source=path,
                )
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            unreadable.append(f"{path}: {exc}")
    return anchors, unreadable


@dataclass
class AnchorCheck:
    ok: bool
    head_seq: int
    anchors_checked: int
    newest: Anchor | None = None
    problems: list[str] = field(default_factory=list)


def audit_anchor_check(*, extra: list[Anchor] = ()) -> AnchorCheck:
    """Compare the chain with the stored anchors (and `extra` ones, e.g. taken from a log line).
    A problem is named for each anchor whose seq the chain no longer reaches, or whose hash the
    seal at that seq no longer has."""
    anchors, unreadable = audit_anchors_read()
    anchors = sorted([*anchors, *extra], key=lambda a: a.seq, reverse=True)
    head_seq = AuditSeal.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    hashes = dict(AuditSeal.objects.filter(seq__in={a.seq for a in anchors}).values_list("seq", "hash"))
    problems = [f"anchor file unreadable: {item}" for item in unreadable]
    # One finding per kind, naming the anchor that says most: a year of daily anchors past a
    # truncated chain is one removed tail, not 365 of them.
    past_head = [a for a in anchors if a.seq > head_seq]
    disagree = [a for a in anchors if a.seq <= head_seq and hashes.get(a.seq) != a.hash]
    if past_head:
        top = past_head[0]
        removed = (
            f"seal {top.seq} and its event were"
            if top.seq == head_seq + 1
            else f"seals {head_seq + 1}–{top.seq} and their events were"
        )
        more = f" ({len(past_head)} anchors lie past the head)" if len(past_head) > 1 else ""
        problems.append(
            f"TAIL MISSING: {top.describe()}, but the chain ends at seq {head_seq}: {removed} removed{more}"
        )
    if disagree:
        top, low = disagree[0], disagree[-1]
        found = hashes.get(top.seq, "")
        problems.append(
            f"REWRITTEN: {top.describe()}, but the seal at seq {top.seq} has hash {found[:16]}…: "
            f"events up to it were removed or replaced"
            + (f" (the oldest anchor that disagrees: seq {low.seq})" if low is not top else "")
        )
    return AnchorCheck(
        ok=not problems,
        head_seq=head_seq,
        anchors_checked=len(anchors),
        newest=anchors[0] if anchors else None,
        problems=problems,
    )


def parse_anchor_argument(value: str) -> Anchor:
    """`SEQ:HASH` as printed in the anchor log line, for verify_audit --anchor."""
    seq, _, digest = value.partition(":")
    if not seq.isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError("expected SEQ:HASH, e.g. 1234:9f86d081884c7d65… (64 hex digits)")
    return Anchor(seq=int(seq), hash=digest, source="command line")


__all__ = [
    "Anchor",
    "AnchorCheck",
    "audit_anchor_after_seal",
    "audit_anchor_check",
    "audit_anchor_write",
    "audit_anchors_read",
    "parse_anchor_argument",
]
