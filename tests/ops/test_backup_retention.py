"""`manage.py backup --clean` keeps the newest complete sets, and deletes whatever is older,
half-made sets included, never a set newer than the ones it keeps."""

from __future__ import annotations

from pathlib import Path

import pytest
from dbbackup import settings as dbbackup_settings

from actions.management import backups


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The backup storage, moved to a folder of the test's own."""
    monkeypatch.setattr(dbbackup_settings, "STORAGE_OPTIONS", {"location": str(tmp_path)})
    return tmp_path


def make_set(folder: Path, taken: str, *, media: bool = True) -> list[str]:
    names = [f"default-host-{taken}.psql.bin.gz", f"default-host-{taken}.psql.bin.gz.metadata"]
    if media:
        names.append(f"host-{taken}.tar.gz")
    for name in names:
        (folder / name).write_bytes(b"backup")
    return names


def test_clean_keeps_the_newest_complete_sets(folder):
    doomed = make_set(folder, "2026-11-01-021500")
    doomed += make_set(folder, "2026-11-02-021500", media=False)  # a backup that failed
    kept = make_set(folder, "2026-11-03-021500") + make_set(folder, "2026-11-04-021500")
    half_made_since = make_set(folder, "2026-11-05-021500", media=False)

    deleted = backups.delete_older_sets(keep=2)

    assert sorted(path.name for path in folder.iterdir()) == sorted(kept + half_made_since)
    assert sorted(deleted) == sorted(name for name in doomed if not name.endswith(".metadata"))
    assert [s.taken for s in backups.stored_sets()] == ["2026-11-04-021500", "2026-11-03-021500"]
