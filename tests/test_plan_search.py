"""Plan search matches the number, the title and the issuer's name however the user writes
them: with or without diacritics, in any case, with other punctuation."""

import pytest
from django.urls import reverse

from chiso.plans.models import Plan
from chiso.vietnamese.text import nfc

pytestmark = pytest.mark.django_db

ALL = {"1/KH-UBND", "2/KH-SXD", "3/KH-STP"}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Xây dựng", {"2/KH-SXD"}),  # as written: the title and the issuer
        ("xay dung", {"2/KH-SXD"}),  # without diacritics
        ("XÂY DỰNG", {"2/KH-SXD"}),  # capitals
        (nfc("tu phap"), {"3/KH-STP"}),
        ("Sở Tư pháp", {"3/KH-STP"}),
        ("ke hoach tinh", {"1/KH-UBND"}),
        ("2/KH-SXD", {"2/KH-SXD"}),  # the number as written
        ("kh sxd", {"2/KH-SXD"}),  # the number with other punctuation
        ("kh-stp", {"3/KH-STP"}),
        ("UBND tinh Thu", {"1/KH-UBND"}),  # the issuer's name without diacritics
        ("ke hoach", ALL),
        ("  ", ALL),  # nothing to search: every plan
        ("không có", set()),
    ],
)
def test_plan_search_ignores_diacritics_case_and_punctuation(client, users, plans, query, found):
    client.force_login(users.coordinator)
    response = client.get(reverse("plans:list"), {"q": query})
    assert response.status_code == 200
    shown = {plan.number for plan in response.context["page"].object_list}
    assert shown == found


def test_a_renamed_plan_is_found_by_its_new_title(plans):
    plans.a.title = "Kế hoạch cải cách hành chính"
    plans.a.save(update_fields=["title"])
    assert Plan.objects.get(search_key__contains="cai cach hanh chinh") == plans.a
