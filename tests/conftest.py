"""Shared fixtures: paths to the repository's seeds and to the optional development corpora."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS = REPO_ROOT / "seeds"
SHARED = REPO_ROOT.parent / "shared"
CORPORA = SHARED / "corpora"


@pytest.fixture()
def database_env(tmp_path, monkeypatch):
    """A fresh database file and Dagster home for one test."""
    database = tmp_path / "timeline.duckdb"
    monkeypatch.setenv("TIMELINE_DB", str(database))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    (tmp_path / "dagster_home").mkdir()
    return database
