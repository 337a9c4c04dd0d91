import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('docimport', '0001_initial'),
        ('jobs', '0001_jobs'),
    ]

    operations = [
        migrations.AddField(
            model_name='importjob',
            name='job',
            field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='jobs.job', verbose_name='tác vụ nền'),
        ),
    ]
