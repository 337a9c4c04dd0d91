"""The per-address counts: one row per address and hour, old hours forgotten."""

import datetime

import pytest
from django.utils import timezone

from chiso.surveys.abuse import over_limit
from chiso.surveys.models import AddressHits

pytestmark = pytest.mark.django_db


def test_the_limit_counts_within_the_hour_and_forgets_old_hours():
    old = AddressHits.objects.create(
        key="survey-start:x", window=timezone.now() - datetime.timedelta(days=3), hits=9
    )
    assert [over_limit("survey-start", "abc", 2) for _ in range(3)] == [False, False, True]
    assert not AddressHits.objects.filter(pk=old.pk).exists()
    assert AddressHits.objects.get(key="survey-start:abc").hits == 3
