"""`{% allowed "app.rule" obj as name %}`: templates ask the permission functions the views
ask (`chiso.<app>.access.can_<rule>(user[, obj])`), so a link or button is shown exactly
when its view would allow it. Decided on every call, never cached."""

import importlib

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def allowed(context, rule: str, obj=None) -> bool:
    app, _dot, name = rule.partition(".")
    check = getattr(importlib.import_module(f"chiso.{app}.access"), f"can_{name}")
    user = context["request"].user
    if not user.is_authenticated:
        return False
    return bool(check(user) if obj is None else check(user, obj))
