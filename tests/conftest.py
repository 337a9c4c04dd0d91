"""Shared fixtures: the corpus folder and named users per role."""

import os
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


@pytest.fixture
def corpus() -> Path:
    """../shared/corpus; skips where it is absent, fails in CI (CHISO_REQUIRE_CORPUS=1)."""
    if not CORPUS.is_dir():
        if os.environ.get("CHISO_REQUIRE_CORPUS") == "1":
            pytest.fail(f"corpus not found at {CORPUS}")
        pytest.skip(f"corpus not found at {CORPUS}")
    return CORPUS


class Org:
    """A small province: two departments with a division each, and a commune."""

    def __init__(self):
        from chiso.org.models import UnitKind

        from .factories import UnitFactory

        self.province = UnitFactory(code="tinh", name="UBND tỉnh Thử", kind=UnitKind.PROVINCE)
        self.dept_a = UnitFactory(code="sxd", name="Sở Xây dựng", parent=self.province)
        self.div_a = UnitFactory(
            code="sxd-vp", name="Văn phòng Sở", kind=UnitKind.DIVISION, parent=self.dept_a
        )
        self.dept_b = UnitFactory(code="stp", name="Sở Tư pháp", parent=self.province)
        self.div_b = UnitFactory(
            code="stp-vp", name="Văn phòng Sở", kind=UnitKind.DIVISION, parent=self.dept_b
        )
        self.snv = UnitFactory(code="snv", name="Sở Nội vụ", parent=self.province)
        self.commune = UnitFactory(
            code="x-an", name="UBND xã An Bình", kind=UnitKind.COMMUNE, parent=self.province
        )


@pytest.fixture
def org(db) -> Org:
    return Org()


@pytest.fixture
def users(org):
    """Named users per role: admin, coordinator, leader_a, officer_a, viewer_a, officer_b."""
    from types import SimpleNamespace

    from chiso.accounts.models import Role

    from .factories import UserFactory

    return SimpleNamespace(
        admin=UserFactory(username="admin", unit=org.province, role=Role.ADMIN),
        coordinator=UserFactory(username="noivu", unit=org.snv, role=Role.COORDINATOR),
        leader_a=UserFactory(username="leader_a", unit=org.dept_a, role=Role.LEADER),
        officer_a=UserFactory(username="officer_a", unit=org.div_a, role=Role.OFFICER),
        viewer_a=UserFactory(username="viewer_a", unit=org.dept_a, role=Role.VIEWER),
        officer_b=UserFactory(username="officer_b", unit=org.dept_b, role=Role.OFFICER),
    )


@pytest.fixture
def plans(org):
    """A provincial plan with a task per department, and one plan per department."""
    from types import SimpleNamespace

    from .factories import PlanFactory, TaskFactory

    province = PlanFactory(issuer=org.province, title="Kế hoạch tỉnh", number="1/KH-UBND")
    plan_a = PlanFactory(issuer=org.dept_a, title="Kế hoạch Sở Xây dựng", number="2/KH-SXD")
    plan_b = PlanFactory(issuer=org.dept_b, title="Kế hoạch Sở Tư pháp", number="3/KH-STP")
    return SimpleNamespace(
        province=province,
        a=plan_a,
        b=plan_b,
        province_task_a=TaskFactory(plan=province, lead=org.dept_a, text="Việc của Sở Xây dựng"),
        province_task_b=TaskFactory(plan=province, lead=org.dept_b, text="Việc của Sở Tư pháp"),
        task_a=TaskFactory(plan=plan_a, lead=org.div_a, text="Rà soát thủ tục của Sở Xây dựng"),
        task_b=TaskFactory(plan=plan_b, lead=org.div_b, text="Rà soát văn bản của Sở Tư pháp"),
    )


@pytest.fixture(autouse=True)
def surveys_dir(tmp_path):
    """Each test stores imported survey responses of its own, never in `var/` (round ids
    repeat across test databases). Not through the `settings` fixture: some tests have a
    parameter of that name."""
    from django.test import override_settings

    folder = tmp_path / "surveys"
    with override_settings(CHISO_SURVEYS_DIR=folder):
        yield folder


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (rate limits and the like live there)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def vietnamese():
    """Each test starts in the default language: a request in English leaves English active
    in the thread (LocaleMiddleware activates, nothing deactivates)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
