"""Every reporting period takes the code of its data window (chiso.lib.periods): the old
standard `2025-Q3` (January–September) becomes `2025-M9`, `2025-Y` becomes `2025`, and
imported codes such as `2025-06-30-half_year` become `2025-H1`.

A plan's codes are unique: where two of its periods have the same data window, the first
(by due date) takes the window's code and the other keeps the code it had.
"""

from django.db import migrations, models

from chiso.lib.periods import period_of


def codes_from_windows(apps, schema_editor):
    ReportingPeriod = apps.get_model("tracking", "ReportingPeriod")
    periods = ReportingPeriod.objects.order_by("plan_id", "due", "pk")
    wanted: dict[int, str] = {}
    by_plan: dict[int, list] = {}
    for period in periods:
        by_plan.setdefault(period.plan_id, []).append(period)
    for plan_periods in by_plan.values():
        canonical = {p.pk: period_of(p.data_from, p.data_to).code for p in plan_periods}
        taken: set[str] = set()
        for period in plan_periods:
            code = canonical[period.pk]
            if code in taken:
                code = period.code
                if code in taken or code in canonical.values():
                    code = f"{canonical[period.pk]}#{period.pk}"[:22]
            taken.add(code)
            wanted[period.pk] = code
    changed = [p for plan_periods in by_plan.values() for p in plan_periods if wanted[p.pk] != p.code]
    # Through placeholders, so that no step breaks the (plan, code) uniqueness.
    for period in changed:
        period.code = f"~{period.pk}"
    ReportingPeriod.objects.bulk_update(changed, ["code"])
    for period in changed:
        period.code = wanted[period.pk]
    ReportingPeriod.objects.bulk_update(changed, ["code"])


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0002_notifications"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reportingperiod",
            name="code",
            field=models.CharField(max_length=22, verbose_name="mã kỳ"),
        ),
        migrations.RunPython(codes_from_windows, migrations.RunPython.noop),
    ]
