"""Template filters for plan pages: a task's state label, and a lookup by object."""

from django import template

from chiso.plans.state import BADGES, TaskState

register = template.Library()


@register.filter
def of(mapping: dict, obj):
    """`mapping[obj.pk]`, or None."""
    return mapping.get(obj.pk) if mapping else None


@register.filter
def state_label(code: str) -> str:
    return TaskState(code).label if code in TaskState.values else ""


@register.filter
def state_badge(code: str) -> str:
    return BADGES.get(code, "text-bg-light border")
