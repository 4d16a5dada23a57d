"""The backup and restore procedure of docs/deploy.md, run for real: ops/backup.sh dumps the database,
ops/restore.sh restores the archive into a fresh database, and every table holds the same rows."""

import subprocess

import psycopg
import pytest
from django.db import connection

from accounts.models import Role
from tests import factories

from .servers import ROOT, suite_database_url


def row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as db:
        tables = [
            name for (name,) in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        return {
            table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in sorted(tables)
        }


@pytest.fixture
def fresh_database(postgresql):
    name = f"{connection.settings_dict['NAME']}_restored"
    server = suite_database_url().rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield suite_database_url().rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def run(script: str, *args: str, url: str, tmp_path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "BACKUP_DIR": str(tmp_path / "backups")}
    return subprocess.run(
        [str(ROOT / "ops" / script), *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_a_backup_restored_into_a_fresh_database_holds_every_row_of_every_table(
    tree, fresh_database, tmp_path
):
    factories.user("bantochuc", role=Role.COMMITTEE_STAFF, unit=tree["district"])
    for number in range(5):
        factories.member(tree["deep_cell"], full_name=f"Nguyễn Văn {number}")
    source = suite_database_url()

    backup = run("backup.sh", url=source, tmp_path=tmp_path)
    assert backup.returncode == 0, backup.stderr
    archive = backup.stdout.strip()
    assert archive.endswith(".dump")
    restore = run("restore.sh", archive, url=fresh_database, tmp_path=tmp_path)
    assert restore.returncode == 0, restore.stderr

    before, after = row_counts(source), row_counts(fresh_database)
    assert after == before
    assert before["admissions_member"] == 5
    assert before["accounts_user"] == 1
    assert before["admissions_auditentry"] >= 5  # each member's history line
    assert before["django_migrations"] > 0


def test_a_restore_refuses_a_database_that_is_not_empty(postgresql, tree, tmp_path):
    source = suite_database_url()
    archive = run("backup.sh", url=source, tmp_path=tmp_path).stdout.strip()
    refused = run("restore.sh", archive, url=source, tmp_path=tmp_path)
    assert refused.returncode == 1
    assert "already has" in refused.stderr
