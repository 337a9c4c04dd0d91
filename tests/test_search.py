"""Search without accents on every list that has one (plans: tests/test_plan_search.py):
tasks, units, the unit picker, and both import lists, through the one normalisation module,
with one table of written forms."""

import pytest
from django.urls import reverse

from chiso.docimport.models import ImportJob
from chiso.jobs.models import Job

from .factories import TaskFactory

pytestmark = pytest.mark.django_db

TEXT = "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"
WRITTEN = [
    ("Số hóa hồ sơ", True),  # as written
    ("so hoa ho so", True),  # without accents
    ("SỐ HÓA HỒ SƠ", True),  # capitals
    ("số hoá", True),  # the other placement of the tone mark
    ("so-hoa, ho so", True),  # other punctuation
    ("giai quyet thu tuc", True),
    ("xay dung nong thon", False),
]


@pytest.mark.parametrize(("query", "found"), WRITTEN)
def test_tasks(client, users, plans, query, found):
    import datetime

    for plan in (plans.province, plans.a):
        plan.year, plan.status = datetime.date.today().year, "issued"
        plan.save()
    TaskFactory(plan=plans.a, lead=users.officer_a.unit, text=TEXT)
    client.force_login(users.leader_a)
    page = client.get(reverse("plans:tasks"), {"q": query}).content.decode()
    assert (TEXT in page) is found


@pytest.mark.parametrize(("query", "found"), WRITTEN)
def test_plan_imports(client, users, query, found):
    ImportJob.objects.create(
        job=Job.objects.create(kind="plan_document"),
        filename="ke-hoach.pdf",
        draft={"title": TEXT, "number": "12/KH-SXD"},
        created_by=users.officer_a,
    )
    client.force_login(users.officer_a)
    page = client.get(reverse("docimport:upload"), {"q": query}).content.decode()
    listed = page[page.index("recent-jobs") :]
    assert ("ke-hoach.pdf" in listed) is found


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Sở Xây dựng", True),
        ("so xay dung", True),
        ("SỞ XÂY", True),
        ("xay dung", True),
        ("tu phap", False),
    ],
)
def test_units_and_the_picker(client, users, org, query, found):
    client.force_login(users.coordinator)
    units = client.get(reverse("org:list"), {"q": query}).content.decode()
    assert ("Sở Xây dựng" in units) is found
    options = client.get(reverse("org:pick_units"), {"q": query, "name": "unit"}).content.decode()
    assert (f'value="{org.dept_a.pk}"' in options) is found
