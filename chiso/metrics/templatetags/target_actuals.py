"""Template tags that put the service indicators' actuals beside the plans' targets."""

from django import template
from django.utils import timezone

from chiso.metrics import actuals
from chiso.plans.models import Plan

register = template.Library()


@register.simple_tag
def task_target_actuals(plan: Plan) -> dict[int, list[actuals.Actual]]:
    """The actuals of the indicator targets of the plan's tasks, by task id."""
    return actuals.task_actuals(plan.pk, timezone.localdate())


@register.filter
def of(mapping: dict, obj):
    """`mapping[obj.pk]`, or None."""
    return mapping.get(obj.pk) if mapping else None
