"""Abuse controls of the public survey form: the address is kept only as a keyed hash, a limit
of requests per address counted in the database (so it holds across processes and servers),
and the signs that make a response suspicious."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import AddressHits, Flag, Response, SurveyRound

HONEYPOT = "website"  # a field people never see or fill; bots do
STARTS_PER_HOUR = 30  # forms an address may start (or submit) in an hour


def address_hash(request) -> str:
    """The client's address as an HMAC under the site's secret: the same address gives the
    same hash, and the address cannot be read back."""
    address = request.META.get("REMOTE_ADDR", "")
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"survey-address:{address}".encode(), hashlib.sha256).hexdigest()


def over_limit(action: str, address: str, limit: int, seconds: int = 3600) -> bool:
    """Count one `action` from `address` in the current window of `seconds`; True once the
    window holds more than `limit`. One atomic UPDATE (an INSERT for a new window)."""
    now = timezone.now().timestamp()
    window = datetime.datetime.fromtimestamp(now - now % seconds, tz=datetime.UTC)
    key = f"{action}:{address}"[:80]
    with transaction.atomic():
        counted = AddressHits.objects.filter(key=key, window=window).update(hits=F("hits") + 1)
        if not counted:
            forget_old_windows()  # once a window, so the counts never pile up
            try:
                with transaction.atomic():
                    AddressHits.objects.create(key=key, window=window, hits=1)
            except IntegrityError:  # another process opened the window first
                AddressHits.objects.filter(key=key, window=window).update(hits=F("hits") + 1)
    hits = AddressHits.objects.filter(key=key, window=window).values_list("hits", flat=True)
    return (hits.first() or 0) > limit


def forget_old_windows(days: int = 2) -> int:
    """Delete the counts of windows older than `days` (kept that long for nothing else)."""
    since = timezone.now() - datetime.timedelta(days=days)
    return AddressHits.objects.filter(window__lt=since).delete()[0]


def suspicious(
    round: SurveyRound, *, address: str, seconds: int | None, dossier_code: str, code_used: bool
) -> list[str]:
    """The flags a web response earns: answered faster than the round allows, one address
    past the round's daily limit, or a dossier code already used by another response."""
    flags = []
    if seconds is not None and seconds < round.min_seconds:
        flags.append(Flag.TOO_FAST)
    if address:
        today = timezone.localdate()
        same = Response.objects.filter(
            round=round, address_hash=address, created_at__date=today
        ).count()
        if same >= round.max_per_address:
            flags.append(Flag.REPEATED_ADDRESS)
    if dossier_code and code_used:
        flags.append(Flag.DUPLICATE_CODE)
    return flags
