"""A Job for every report file, carrying its status and times.

The old error was the exception's text, for developers (the page showed a fixed sentence);
a failed report's job gets the message the runner now gives, naming the file.
"""

from django.db import migrations

SYSTEM_ERROR = 'Không tạo được báo cáo %s do lỗi của hệ thống; hãy báo quản trị hệ thống.'


def jobs_from_status(apps, schema_editor):
    ReportFile = apps.get_model('reporting', 'ReportFile')
    Job = apps.get_model('jobs', 'Job')
    rows = ReportFile.objects.filter(job__isnull=True).select_related('unit', 'period').only(
        'status', 'format', 'created_by', 'created_at', 'finished_at', 'unit__code', 'period__code'
    )
    for row in list(rows):
        filename = f'bao-cao-{row.unit.code}-{row.period.code}.{row.format}'
        job = Job.objects.create(
            kind='report_file',
            state=row.status,  # the same four states
            done=1.0 if row.status == 'done' else 0.0,
            message=SYSTEM_ERROR % filename if row.status == 'failed' else '',
            created_by_id=row.created_by_id,
            started_at=None if row.status == 'queued' else row.created_at,
            finished_at=row.finished_at,
            heartbeat_at=None if row.status == 'queued' else row.finished_at or row.created_at,
        )
        Job.objects.filter(pk=job.pk).update(created_at=row.created_at)  # not auto_now_add
        ReportFile.objects.filter(pk=row.pk).update(job=job)


def status_from_jobs(apps, schema_editor):
    ReportFile = apps.get_model('reporting', 'ReportFile')
    Job = apps.get_model('jobs', 'Job')
    for row in list(ReportFile.objects.select_related('job').only('job')):
        job = row.job
        ReportFile.objects.filter(pk=row.pk).update(
            status=job.state, error=job.message, finished_at=job.finished_at, job=None
        )
    # Raw: the ORM's delete would look for the jobs' other domain rows, whose job columns
    # may be gone already.
    table = schema_editor.quote_name(Job._meta.db_table)
    schema_editor.execute(f'DELETE FROM {table} WHERE kind = %s', ['report_file'])


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0002_reportfile_job'),
    ]

    operations = [
        migrations.RunPython(jobs_from_status, status_from_jobs),
    ]
