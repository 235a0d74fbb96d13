"""Work folders of publishes in progress are kept while their owner runs, whatever its pid."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from supportal.core.staging import staging_folder
from supportal.publish.owners import CREATION_GRACE_S, remove_owned
from supportal.publish.site import PublishedSite

# A publish in another container that shares the site's volume: its process id means nothing
# here (no such process), but it holds its folder's owner lock.
OTHER_CONTAINER = """
import fcntl, sys, time
from pathlib import Path
from supportal.publish.owners import make_owned
work = Path(sys.argv[1])
make_owned(work, fcntl)
(work / "2.0").mkdir()
print("owned", flush=True)
time.sleep(120)
"""


def _staging(site: PublishedSite) -> list[str]:
    return sorted(p.name for p in site.staging_dir.iterdir())


def test_a_live_owner_keeps_its_folder_and_a_dead_one_loses_it(tmp_path: Path) -> None:
    site = PublishedSite(tmp_path / "site")
    name = "999999999-feedbeef"  # no such process here
    command = [sys.executable, "-c", OTHER_CONTAINER, str(site.staging_dir / name)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as owner:
        try:
            assert owner.stdout is not None and owner.stdout.readline() == "owned\n"
            build_staging = staging_folder(site.staging_dir / name, 999999999)
            build_staging.mkdir()
            with site.locked():  # taking the lock cleans up abandoned work folders
                pass
            assert _staging(site) == [build_staging.name, name]
        finally:
            owner.kill()
    with site.locked():
        pass
    assert _staging(site) == []


def test_this_process_keeps_its_own_folder(tmp_path: Path) -> None:
    site = PublishedSite(tmp_path / "site")
    work = site.workspace()
    with site.locked():
        pass
    assert _staging(site) == [work.name]


def test_a_folder_without_owner_file_is_kept_while_new(tmp_path: Path) -> None:
    site = PublishedSite(tmp_path / "site")
    new = site.staging_dir / f"{os.getpid()}-0000new0"  # its owner is about to lock it
    old = site.staging_dir / "12-0000old0"  # an older Supportal's, or a crash right after mkdir
    new.mkdir(parents=True)
    old.mkdir()
    long_ago = time.time() - CREATION_GRACE_S - 5
    os.utime(old, (long_ago, long_ago))
    with site.locked():
        pass
    assert _staging(site) == [new.name]


def test_abandoned_work_folders_go_with_their_builds_and_stray_files_stay(tmp_path: Path) -> None:
    site = PublishedSite(tmp_path / "site")
    site.staging_dir.mkdir(parents=True)
    names = ["1-dead", "zz-dead", "0-dead"]
    for name in names:  # killed publishes: a work folder without live owner, and its build's
        (site.staging_dir / name).mkdir()
        (site.staging_dir / name / ".owner").touch()
        staging_folder(site.staging_dir / name, 77).mkdir()
    staging_folder(site.staging_dir / "gone", 78).mkdir()  # its work folder was removed
    (site.staging_dir / ".DS_Store").write_text("a file someone's desktop left")
    with site.locked():
        pass
    assert _staging(site) == [".DS_Store"]


def test_an_owner_file_this_process_may_not_open_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = PublishedSite(tmp_path / "site")
    work = site.staging_dir / "5-otheruser"
    work.mkdir(parents=True)
    (work / ".owner").touch()
    real_open = os.open

    def other_users_file(path, flags, *args, **kwargs):
        if str(path).endswith("5-otheruser/.owner"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", other_users_file)
    with site.locked():
        pass
    assert _staging(site) == [work.name]


def test_a_removed_work_folder_releases_its_lock(tmp_path: Path) -> None:
    site = PublishedSite(tmp_path / "site")
    work = site.workspace()
    assert [p.name for p in work.iterdir()] == [".owner"]
    open_files = len(os.listdir("/proc/self/fd"))
    remove_owned(work)
    assert not work.exists()
    assert len(os.listdir("/proc/self/fd")) == open_files - 1
