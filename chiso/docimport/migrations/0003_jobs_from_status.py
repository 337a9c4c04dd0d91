"""A Job for every import, carrying its status, progress, error and times.

The rows say when an import was created and last changed, not when its reading started or
ended: the job starts at the upload and ends at the last change.
"""

from django.db import migrations

STATE_OF_STATUS = {
    'queued': 'queued',
    'reading': 'running',
    'review': 'done',
    'confirmed': 'done',
    'failed': 'failed',
}


def jobs_from_status(apps, schema_editor):
    ImportJob = apps.get_model('docimport', 'ImportJob')
    Job = apps.get_model('jobs', 'Job')
    rows = ImportJob.objects.filter(job__isnull=True).only(
        'status', 'progress', 'error', 'created_by', 'created_at', 'updated_at'
    )
    for row in list(rows):
        state = STATE_OF_STATUS[row.status]
        finished = row.updated_at if state in ('done', 'failed') else None
        job = Job.objects.create(
            kind='plan_document',
            state=state,
            stage=row.progress[:100],
            done=1.0 if state == 'done' else 0.0,
            message=row.error,
            created_by_id=row.created_by_id,
            started_at=None if state == 'queued' else row.created_at,
            finished_at=finished,
            heartbeat_at=row.updated_at if state != 'queued' else None,
        )
        Job.objects.filter(pk=job.pk).update(created_at=row.created_at)  # not auto_now_add
        ImportJob.objects.filter(pk=row.pk).update(job=job)


def status_from_jobs(apps, schema_editor):
    ImportJob = apps.get_model('docimport', 'ImportJob')
    Job = apps.get_model('jobs', 'Job')
    for row in list(ImportJob.objects.select_related('job').only('plan', 'job')):
        state = row.job.state
        if state == 'done':
            status = 'confirmed' if row.plan_id else 'review'
        else:
            status = {'queued': 'queued', 'running': 'reading', 'failed': 'failed'}[state]
        ImportJob.objects.filter(pk=row.pk).update(
            status=status,
            progress=row.job.stage,
            error=row.job.message,
            updated_at=row.job.finished_at or row.job.heartbeat_at or row.job.created_at,
            job=None,
        )
    # Raw: the ORM's delete would look for the jobs' other domain rows, whose job columns
    # may be gone already.
    table = schema_editor.quote_name(Job._meta.db_table)
    schema_editor.execute(f'DELETE FROM {table} WHERE kind = %s', ['plan_document'])


class Migration(migrations.Migration):

    dependencies = [
        ('docimport', '0002_importjob_job'),
    ]

    operations = [
        migrations.RunPython(jobs_from_status, status_from_jobs),
    ]
