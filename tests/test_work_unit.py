"""The coordinator works for the province: pages that open on "her" unit open on the top of
her scope; every other role keeps its own unit."""

import pytest
from django.urls import reverse

from chiso.org.access import work_unit
from chiso.tracking.schedule import ensure_periods

from .factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_unit_each_role_works_for(org, users):
    assert work_unit(users.coordinator) == org.province
    assert work_unit(users.admin) == org.province
    assert work_unit(users.officer_a) == org.div_a
    assert work_unit(users.leader_a) == org.dept_a


def test_indicator_pages_open_on_the_province_for_the_coordinator(client, org, users):
    assert client.login(username=users.coordinator.username, password=PASSWORD)
    response = client.get(reverse("metrics:index"))
    assert response.url == reverse("metrics:unit", args=[org.province.pk])
    client.logout()
    assert client.login(username=users.officer_a.username, password=PASSWORD)
    assert client.get(reverse("metrics:index")).url == reverse("metrics:unit", args=[org.div_a.pk])


def test_the_period_page_offers_the_province_report_to_the_coordinator(client, org, users, plans):
    period = ensure_periods(plans.province)[0]
    assert client.login(username=users.coordinator.username, password=PASSWORD)
    page = client.get(period.get_absolute_url()).content.decode()
    assert reverse("reporting:request", args=[period.pk, org.province.pk, "docx"]) in page
    assert reverse("reporting:request", args=[period.pk, org.snv.pk, "docx"]) not in page
