"""The scratch database the benchmarks run on: a temporary SQLite file, or a PostgreSQL database
created for the run and dropped after it. Never the project's own database."""

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit


@contextlib.contextmanager
def scratch_database(database_url: str | None = None) -> Iterator[str]:
    """Set Django up on an empty, migrated scratch database; yields its vendor name.

    Must run before anything imports Django models: the settings read the environment once.
    """
    if database_url:
        _database_name(database_url)  # refuse a wrong name before touching anything
    data_dir = tempfile.mkdtemp(prefix="chiso-bench-")
    os.environ["CHISO_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "chiso.settings"
    os.environ["DEBUG"] = "1"  # static files without a manifest; pages.py turns DEBUG off to time
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        _recreate_postgres(database_url)
        os.environ["DATABASE_URL"] = database_url
    try:
        import django
        from django.core.management import call_command
        from django.db import connection, connections

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        yield connection.vendor
        connections.close_all()
    finally:
        if database_url:
            _drop_postgres(database_url)
        shutil.rmtree(data_dir, ignore_errors=True)


def _database_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    # The run drops this database at its start and end: never let it be a real one.
    if "bench" not in name:
        raise SystemExit(f"--database-url: the database name must contain 'bench', not {name!r}")
    return name


def _maintenance_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))


def _recreate_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = sql.Identifier(_database_name(url))
    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def _drop_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = sql.Identifier(_database_name(url))
    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
