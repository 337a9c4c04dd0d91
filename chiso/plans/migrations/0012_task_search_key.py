from django.db import migrations, models

from chiso.vietnamese.text import search_key


def fill_keys(apps, schema_editor):
    """The key of every task written before it existed (see `plans.models.task_search_key`)."""
    Task = apps.get_model("plans", "Task")
    batch = []
    for task in Task.objects.only("pk", "ordinal", "text").iterator(chunk_size=2000):
        task.search_key = search_key(f"{task.ordinal} {task.text}")
        batch.append(task)
        if len(batch) == 2000:
            Task.objects.bulk_update(batch, ["search_key"])
            batch = []
    Task.objects.bulk_update(batch, ["search_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0011_plan_search_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="task",
            name="search_key",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
