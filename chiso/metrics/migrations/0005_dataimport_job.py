import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jobs', '0001_jobs'),
        ('metrics', '0004_indicator_values_one_index_no_db_constraint'),
    ]

    operations = [
        migrations.AddField(
            model_name='dataimport',
            name='job',
            field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='jobs.job', verbose_name='tác vụ nền'),
        ),
    ]
