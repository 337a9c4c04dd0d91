import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jobs', '0001_jobs'),
        ('reporting', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='reportfile',
            name='job',
            field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='jobs.job', verbose_name='tác vụ nền'),
        ),
    ]
