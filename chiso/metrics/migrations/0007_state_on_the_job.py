import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('metrics', '0006_jobs_from_status'),
    ]

    operations = [
        migrations.AlterField(
            model_name='dataimport',
            name='job',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='jobs.job', verbose_name='tác vụ nền'),
        ),
        migrations.RemoveField(
            model_name='dataimport',
            name='done',
        ),
        migrations.RemoveField(
            model_name='dataimport',
            name='finished_at',
        ),
        migrations.RemoveField(
            model_name='dataimport',
            name='message',
        ),
        migrations.RemoveField(
            model_name='dataimport',
            name='stage',
        ),
        migrations.RemoveField(
            model_name='dataimport',
            name='status',
        ),
    ]
