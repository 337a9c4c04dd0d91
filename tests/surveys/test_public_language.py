"""The public form speaks Vietnamese whatever the phone's language, unless the site's
language was chosen."""

from django.test import Client

from .answering import default_round, start_url


def test_a_phone_in_english_still_gets_the_form_in_vietnamese(org):
    round = default_round(org.dept_a)
    page = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get(start_url(round, org.dept_a))
    assert "Bắt đầu" in page.content.decode()


def test_a_language_chosen_on_the_site_is_kept(org):
    round = default_round(org.dept_a)
    client = Client()
    client.cookies["django_language"] = "en"
    page = client.get(start_url(round, org.dept_a))
    assert "Start" in page.content.decode()
