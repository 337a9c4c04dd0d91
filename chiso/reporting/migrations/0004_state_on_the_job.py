import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0003_jobs_from_status'),
    ]

    operations = [
        migrations.AlterField(
            model_name='reportfile',
            name='job',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='jobs.job', verbose_name='tác vụ nền'),
        ),
        migrations.RemoveField(
            model_name='reportfile',
            name='error',
        ),
        migrations.RemoveField(
            model_name='reportfile',
            name='finished_at',
        ),
        migrations.RemoveField(
            model_name='reportfile',
            name='status',
        ),
    ]
