"""Every model of chiso is in the Django admin, and its pages open."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from chiso.accounts.models import Role

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

APPS = [
    "accounts",
    "org",
    "frameworks",
    "plans",
    "audit",
    "jobs",
    "docimport",
    "tracking",
    "reporting",
    "metrics",
    "surveys",
]


def chiso_models():
    return [model for label in APPS for model in apps.get_app_config(label).get_models()]


def test_every_model_is_registered():
    missing = [m.__name__ for m in chiso_models() if not admin.site.is_registered(m)]
    assert missing == []


def test_changelists_and_add_forms_open(client, org, plans):
    superuser = UserFactory(
        username="root", unit=org.province, role=Role.ADMIN, is_staff=True, is_superuser=True
    )
    client.login(username=superuser.username, password=PASSWORD)
    for model in chiso_models():
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        assert client.get(changelist, {"q": "Sở"}).status_code == 200, changelist


def test_non_staff_users_cannot_enter_the_admin(client, users):
    client.login(username=users.leader_a.username, password=PASSWORD)
    response = client.get(reverse("admin:plans_plan_changelist"))
    assert response.status_code == 302
