"""Background jobs: one record of a job's life (queued, running, done or failed) and the one
runner that plan-document reads, dossier imports and report files go through."""
