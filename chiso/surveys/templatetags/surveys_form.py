"""Lookups the survey templates need: an answer, an error and a choice list by code, the
name of a channel."""

from django import template

from ..models import Channel

register = template.Library()


@register.simple_tag
def answer_of(answers: dict, code: str):
    return answers.get(code)


@register.simple_tag
def error_of(errors: dict, code: str) -> str:
    return errors.get(code, "")


@register.filter
def list_of(choices: dict, list_name: str) -> list:
    return choices.get(list_name, [])


@register.filter
def get(mapping: dict, key):
    return mapping.get(key) if mapping else None


@register.filter
def channel_label(code: str) -> str:
    """The name of a channel ("web" → "Trực tuyến (mã QR)"); the code when it names none."""
    return Channel(code).label if code in Channel.values else code
