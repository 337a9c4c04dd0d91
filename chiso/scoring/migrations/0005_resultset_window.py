"""Results written by publishing a scoring window keep that window (its decision), so that
the pages say "Công bố theo Quyết định số …" rather than "Nhập từ tệp …"; the sets published
before are matched to their window by the decision number they were given."""

import django.db.models.deletion
from django.db import migrations, models


def link_published_sets(apps, schema_editor):
    ResultSet = apps.get_model("scoring", "ResultSet")
    Window = apps.get_model("scoring", "Window")
    for results in ResultSet.objects.filter(scope="units", framework__isnull=False):
        window = (
            Window.objects.filter(
                scheme__framework_id=results.framework_id,
                published_at__isnull=False,
                decision_number=results.source_name,
            )
            .order_by("-published_at")
            .first()
        )
        if window is not None:
            results.window = window
            results.save(update_fields=["window"])


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0004_window_council"),
    ]

    operations = [
        migrations.AddField(
            model_name="resultset",
            name="window",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="scoring.window",
                verbose_name="đợt chấm điểm công bố",
            ),
        ),
        migrations.RunPython(link_published_sets, migrations.RunPython.noop),
    ]
