"""Parquet staging of computed batches under a configurable root (a folder or any fsspec URL).

Workers write each finished batch here instead of into DuckDB, so any number of them (on this
machine or, with an `s3://...` root, on others) never contend for the database's single write lock;
the loading process compacts each batch into DuckDB in one transaction and then deletes it.
"""
from __future__ import annotations

import hashlib
import os
import socket
from pathlib import Path

import fsspec
import polars as pl

from pipeline import store
from pipeline.workers import is_alive


def root(database: Path | None = None) -> str:
    """$TIMELINE_STAGING, else a `staging` folder beside the database file (default: $TIMELINE_DB's)."""
    return os.environ.get("TIMELINE_STAGING") or str(
        (database or store.database_path()).parent / "staging")


# Each loading process stages in its own folder, `<stage>/run-<host>-<pid>`: two runs staging at
# once (even for one database) never see each other's files.
_RUN_FOLDER_PREFIX = f"run-{socket.gethostname()}-"


def _run_folder() -> str:
    """The folder of this process's batches."""
    return f"{_RUN_FOLDER_PREFIX}{os.getpid()}"


def batch_path(staging_root: str, stage: str, docs: pl.DataFrame) -> str:
    """Location of a batch: the stage, this process's run folder and a hash of its documents'
    versions."""
    digest = hashlib.sha256()
    for doc_id, sha in docs.select("doc_id", "content_sha256").iter_rows():
        digest.update(f"{doc_id}\0{sha}\n".encode())
    return f"{staging_root.rstrip('/')}/{stage}/{_run_folder()}/{digest.hexdigest()[:24]}.parquet"


def write(rows: pl.DataFrame, target: str) -> None:
    """Write a batch's rows as Parquet (creating folders on local roots)."""
    filesystem, path = fsspec.core.url_to_fs(target)
    filesystem.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
    with filesystem.open(path, "wb") as handle:
        rows.write_parquet(handle)


def read(target: str) -> pl.DataFrame:
    """Read a staged batch back."""
    filesystem, path = fsspec.core.url_to_fs(target)
    with filesystem.open(path, "rb") as handle:
        return pl.read_parquet(handle)


def remove(target: str) -> None:
    """Delete a staged batch once it is in the database."""
    filesystem, path = fsspec.core.url_to_fs(target)
    filesystem.rm(path)


def discard_leftovers(staging_root: str, stage: str) -> int:
    """Delete batches a crashed run staged but never loaded (their documents are still pending
    and are computed again): those of ended processes of this host, and any of the older flat
    layout. A running process's batches, and other hosts', are left alone. Returns how many
    batches were deleted."""
    filesystem, path = fsspec.core.url_to_fs(f"{staging_root.rstrip('/')}/{stage}")
    if not filesystem.exists(path):
        return 0
    leftovers = filesystem.glob(f"{path}/*.parquet")
    for leftover in leftovers:
        filesystem.rm(leftover)
    for folder in filesystem.glob(f"{path}/{_RUN_FOLDER_PREFIX}*"):
        pid = folder.rsplit("/", 1)[-1][len(_RUN_FOLDER_PREFIX):]
        if pid.isdigit() and int(pid) != os.getpid() and not is_alive(int(pid)):
            leftovers += filesystem.glob(f"{folder}/*.parquet")
            filesystem.rm(folder, recursive=True)
    return len(leftovers)
