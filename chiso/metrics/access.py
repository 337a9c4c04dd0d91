"""Who may import exports, and which imports a user may read: the scoped lookups.

The exports of the province's dossier system cover every unit, so only those who work for
the whole province (admins, coordinators) import them. An import belongs to whoever uploaded
it; the users whose scope holds the uploader's unit read it too.
"""

from pathlib import Path

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404

from chiso.org.access import PROVINCE_WIDE, scope_root, scope_unit_ids, sees_everything

from .models import DataImport


def can_import(user) -> bool:
    """True when `user` may upload a dossier or feedback export."""
    return sees_everything(user) or (user.role in PROVINCE_WIDE and scope_root(user) is not None)


def imports_for(user) -> QuerySet[DataImport]:
    imports = DataImport.objects.select_related("job", "created_by")
    if sees_everything(user):
        return imports
    return imports.filter(Q(created_by=user) | Q(created_by__unit_id__in=scope_unit_ids(user)))


def get_import_for_user(user, pk: int) -> DataImport:
    """The import with this id if `user` may read it; 404 otherwise."""
    record = imports_for(user).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def errors_path(record) -> Path | None:
    """The list of bad rows of an import (of dossiers or of survey responses), when it is a
    file inside the data folders (never a path from elsewhere, whatever the record says)."""
    if not record.errors_file:
        return None
    path = Path(record.errors_file).resolve()
    roots = [Path(settings.CHISO_METRICS_DIR).resolve(), Path(settings.MEDIA_ROOT).resolve()]
    if not any(path.is_relative_to(root) for root in roots) or not path.is_file():
        return None
    return path
