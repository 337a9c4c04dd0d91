"""Errors answer with chiso's own pages, in the user's language, with a way back."""

import pytest
from django.test import override_settings
from django.urls import reverse

from .factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("debug", [True, False])
def test_a_missing_page_is_branded(client, users, debug):
    assert client.login(username=users.officer_a.username, password=PASSWORD)
    with override_settings(DEBUG=debug):
        response = client.get("/plans/999999/")
        assert response.status_code == 404
        page = response.content.decode()
        assert "Không tìm thấy trang này" in page and reverse("home") in page
        response = client.get("/khong-co/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404


def test_in_english_when_chosen(client, users):
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get("/khong-co/").content.decode()
    assert "Page not found" in page or "This page was not found" in page


def test_server_error_page_renders_without_a_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Hệ thống gặp lỗi" in html and "favicon" in html


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url.endswith(".svg")
