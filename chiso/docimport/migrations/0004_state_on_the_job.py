import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('docimport', '0003_jobs_from_status'),
    ]

    operations = [
        migrations.AlterField(
            model_name='importjob',
            name='job',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='jobs.job', verbose_name='tác vụ nền'),
        ),
        migrations.RemoveField(
            model_name='importjob',
            name='error',
        ),
        migrations.RemoveField(
            model_name='importjob',
            name='progress',
        ),
        migrations.RemoveField(
            model_name='importjob',
            name='status',
        ),
        migrations.RemoveField(
            model_name='importjob',
            name='updated_at',
        ),
    ]
