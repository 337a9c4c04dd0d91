"""Record creations, changes and deletions of tracked models as AuditEntry rows.

`track(Model)` connects the signals; `acting_user(user)` names who acts (the middleware does
it for requests, commands do it themselves). Values are stored as JSON-friendly strings.
"""

import contextlib
import contextvars
from collections.abc import Iterator

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .models import Action, AuditEntry

_user: contextvars.ContextVar = contextvars.ContextVar("audit_user", default=None)


@contextlib.contextmanager
def acting_user(user) -> Iterator[None]:
    token = _user.set(user)
    try:
        yield
    finally:
        _user.reset(token)


def _value(instance: models.Model, field: models.Field):
    value = getattr(instance, field.attname)
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


def snapshot(instance: models.Model, exclude: set[str]) -> dict:
    return {
        field.name: _value(instance, field)
        for field in instance._meta.concrete_fields
        if field.name not in exclude and not field.primary_key
    }


def _write(instance: models.Model, action: str, changes: dict) -> None:
    AuditEntry.objects.create(
        user=_user.get(),
        action=action,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        changes=changes,
    )


def track(model: type[models.Model], exclude: set[str] = frozenset(), m2m=frozenset()) -> None:
    """Audit every save and delete of `model`, and changes to the named many-to-many fields."""
    exclude = set(exclude)
    uid = f"audit-{model._meta.label}"

    def before_save(sender, instance, raw=False, **kwargs):
        if raw or instance.pk is None:
            instance._audit_before = None
            return
        old = sender.objects.filter(pk=instance.pk).first()
        instance._audit_before = snapshot(old, exclude) if old else None

    def after_save(sender, instance, created, raw=False, **kwargs):
        if raw:
            return
        after = snapshot(instance, exclude)
        before = getattr(instance, "_audit_before", None)
        if created or before is None:
            _write(instance, Action.CREATE, {k: [None, v] for k, v in after.items()})
            return
        diff = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        if diff:
            _write(instance, Action.UPDATE, diff)

    def after_delete(sender, instance, **kwargs):
        before = snapshot(instance, exclude)
        _write(instance, Action.DELETE, {k: [v, None] for k, v in before.items()})

    pre_save.connect(before_save, sender=model, weak=False, dispatch_uid=uid + "-pre")
    post_save.connect(after_save, sender=model, weak=False, dispatch_uid=uid + "-post")
    post_delete.connect(after_delete, sender=model, weak=False, dispatch_uid=uid + "-del")

    for name in m2m:
        through = getattr(model, name).through

        def m2m_change(sender, instance, action, pk_set, field=name, **kwargs):
            if action not in ("post_add", "post_remove", "post_clear") or not (
                pk_set or action == "post_clear"
            ):
                return
            verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}
            ids = sorted(pk_set or [])
            _write(instance, Action.UPDATE, {field: {verb[action]: ids}})

        m2m_changed.connect(m2m_change, sender=through, weak=False, dispatch_uid=f"{uid}-{name}")
