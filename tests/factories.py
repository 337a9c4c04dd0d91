"""factory_boy factories for the core models."""

import datetime

import factory

from chiso.accounts.models import Role, User
from chiso.org.models import OrgUnit, UnitKind
from chiso.plans.models import Plan, PlanStatus, Task

PASSWORD = "pass-for-tests-1"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = UnitKind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    role = Role.OFFICER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Kế hoạch số {n}")
    year = 2025
    status = PlanStatus.ISSUED
    issue_date = datetime.date(2025, 3, 1)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    text = factory.Sequence(lambda n: f"Nhiệm vụ {n}")
    ordinal = factory.Sequence(lambda n: str(n))
