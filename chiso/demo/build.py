"""Build the whole demo province in one transaction, seeded so every run gives the same data."""

import datetime
import random

from chiso.accounts.models import Role
from chiso.frameworks.copying import copy_latest_to
from chiso.frameworks.loading import load_builtin_frameworks
from chiso.org.models import OrgUnit
from chiso.plans.kept import deferred, plans_changed

from .dossiers import import_demo_dossiers
from .plans import build_plans
from .progress import build_progress
from .province import build_province
from .scoring import build_scoring
from .surveys import build_surveys
from .users import create_users

SEED = 2025


def demo_exists() -> bool:
    return OrgUnit.objects.filter(code="tinh").exists()


@deferred()
def build_demo(today: datetime.date) -> dict[str, int]:
    """Frameworks, the province, plans, users and a dossier export; returns counts of what
    was made."""
    rng = random.Random(SEED)
    load_builtin_frameworks()
    copy_latest_to(today.year)  # the plans' year, when its method is not shipped yet
    province = build_province(rng)
    plans = build_plans(province, today, rng)
    updates = build_progress(plans, today, rng)
    users = create_users()
    secretariat = next(user for user in users if user.role == Role.COORDINATOR)
    dossiers = import_demo_dossiers(province, today, secretariat)
    responses = build_surveys(province, today, secretariat)
    scored = build_scoring(province, today, secretariat)
    plans_changed(plan.pk for plan in plans)  # the updates were written in bulk
    return {
        "units": OrgUnit.objects.count(),
        "plans": len(plans),
        "tasks": sum(plan.tasks.count() for plan in plans),
        "users": len(users),
        "updates": updates,
        "dossiers": dossiers,
        "responses": responses,
        "scored": scored,
    }
