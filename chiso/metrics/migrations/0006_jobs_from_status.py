"""A Job for every dossier import, carrying its status, stage, share done, message and times.

The rows do not say when an import started: its job starts at the upload.
"""

from django.db import migrations

FIELDS = ('status', 'stage', 'done', 'message', 'created_at', 'finished_at')


def jobs_from_status(apps, schema_editor):
    DataImport = apps.get_model('metrics', 'DataImport')
    Job = apps.get_model('jobs', 'Job')
    rows = DataImport.objects.filter(job__isnull=True).only(*FIELDS, 'created_by')
    for row in list(rows):
        job = Job.objects.create(
            kind='dossier_import',
            state=row.status,  # the same four states
            stage=row.stage,
            done=row.done,
            message=row.message,
            created_by_id=row.created_by_id,
            started_at=None if row.status == 'queued' else row.created_at,
            finished_at=row.finished_at,
            heartbeat_at=None if row.status == 'queued' else row.finished_at or row.created_at,
        )
        Job.objects.filter(pk=job.pk).update(created_at=row.created_at)  # not auto_now_add
        DataImport.objects.filter(pk=row.pk).update(job=job)


def status_from_jobs(apps, schema_editor):
    DataImport = apps.get_model('metrics', 'DataImport')
    Job = apps.get_model('jobs', 'Job')
    for row in list(DataImport.objects.select_related('job').only('job')):
        job = row.job
        DataImport.objects.filter(pk=row.pk).update(
            status=job.state,
            stage=job.stage,
            done=job.done,
            message=job.message,
            finished_at=job.finished_at,
            job=None,
        )
    # Raw: the ORM's delete would look for the jobs' other domain rows, whose job columns
    # may be gone already.
    table = schema_editor.quote_name(Job._meta.db_table)
    schema_editor.execute(f'DELETE FROM {table} WHERE kind = %s', ['dossier_import'])


class Migration(migrations.Migration):

    dependencies = [
        ('metrics', '0005_dataimport_job'),
    ]

    operations = [
        migrations.RunPython(jobs_from_status, status_from_jobs),
    ]
