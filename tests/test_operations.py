"""Operations: incremental runs, repeatability, crash safety and waiting on a concurrent reader."""
from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from functools import partial
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline import stages, store

REPO_ROOT = store.REPO_ROOT
TIMELINE = Path(sys.executable).with_name("timeline")
STAGE_TABLES = ("temporal_expressions", "event_mentions")
SIDECAR = {"publication_date": "2025-05-28", "source": "Test"}

# Article parts; article i combines entries by index, so every article text is different.
ACTORS = ["Finance Minister Ana Ruiz", "The city council of Leeds", "Union leaders",
          "The central bank governor", "Health officials"]
PARTNERS = ["farmers' representatives", "the transport authority", "a delegation from Kenya",
            "the opposition party", "teachers' unions", "the port operator", "energy companies"]
PLACES = ["Geneva", "Nairobi", "Oslo", "Lima", "Hanoi", "Porto", "Quito", "Accra", "Riga",
          "Tunis", "Dakar"]
FIRST_DATES = ["on Monday", "last week", "on May 12", "on Tuesday", "in April", "on May 20, 2025",
               "two days ago"]
NEXT_DATES = ["on June 2", "next week", "in July", "on Friday", "on June 15, 2025", "next month"]
EARLIER_DATES = ["in March 2024", "in 2019", "in January", "in the autumn of 2023", "in 2022"]
ARTICLE = (
    "{actor} meets {partner} in {place}\n"
    "{actor} met {partner} in {place} {first}, officials said. "
    "The two sides agreed to hold a second meeting {next}. "
    "An earlier round of talks in {place} collapsed {earlier}. "
    "Observers expect a decision on the {topic} plan soon.\n")
TOPICS = ["budget", "housing", "water", "rail", "tax", "school", "harbour", "grid"]


@pytest.fixture(autouse=True)
def private_staging(tmp_path, monkeypatch):
    """Staged batches of this test's runs (and of the `timeline run` it starts) stay in tmp_path."""
    monkeypatch.setenv("TIMELINE_STAGING", str(tmp_path / "staging"))


def article_text(index: int, revision: int = 0) -> str:
    """A small news article, different for every index (and revision)."""
    def pick(items: list[str]) -> str:
        return items[(index + revision) % len(items)]

    return ARTICLE.format(actor=ACTORS[index % len(ACTORS)],
                          partner=PARTNERS[index % len(PARTNERS)],
                          place=PLACES[index % len(PLACES)], first=pick(FIRST_DATES),
                          next=pick(NEXT_DATES), earlier=pick(EARLIER_DATES), topic=pick(TOPICS))


def write_article(folder: Path, index: int, revision: int = 0) -> Path:
    """Write article `index` with its sidecar; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"article_{index:04d}.txt"
    path.write_text(article_text(index, revision), encoding="utf-8")
    (folder / f"article_{index:04d}.meta.json").write_text(json.dumps(SIDECAR), encoding="utf-8")
    return path


def write_articles(folder: Path, indices) -> None:
    for index in indices:
        write_article(folder, index)


def run_stages(database: Path, *input_dirs: Path) -> dict[str, dict]:
    """Every stage once, without Dagster; each stage's return dict."""
    connect = partial(store.connect_waiting, database)
    log = [].append
    stages.prepare(connect)
    return {"documents": stages.ingest_documents(connect, list(input_dirs), log),
            "temporal_expressions": stages.tag_documents(connect, log),
            "event_mentions": stages.extract_events(connect, log),
            "timeline": stages.build_timeline(connect, log)}


def snapshot(database: Path, *, keep_detection_times: bool = True) -> dict[str, list]:
    """Every table's rows, sorted; without rejected_documents.detected_at if asked. Left out:
    unchecked_changes, the asset checks' to-do list, which these runs without Dagster (hence
    without checks) only ever add to."""
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = [row[0] for row in connection.sql(
            "SELECT table_name FROM duckdb_tables() WHERE table_name <> 'unchecked_changes' "
            "ORDER BY table_name").fetchall()]
        rows = {}
        for table in tables:
            exclude = ("" if keep_detection_times or table != "rejected_documents"
                       else " EXCLUDE (detected_at)")
            rows[table] = connection.sql(f"SELECT *{exclude} FROM {table} ORDER BY ALL").fetchall()
    return rows


def clean_run_snapshot(work_dir: Path, input_dir: Path) -> dict[str, list]:
    """The tables a from-scratch run over `input_dir` produces (detection times left out)."""
    database = work_dir / f"clean-{time.monotonic_ns()}.duckdb"
    run_stages(database, input_dir)
    return snapshot(database, keep_detection_times=False)


def processed_versions(database: Path) -> dict[str, set]:
    """stage -> {(doc_id, content_sha256)} recorded in document_stages."""
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.sql(
            "SELECT stage, doc_id, content_sha256 FROM document_stages").fetchall()
    versions: dict[str, set] = {stage: set() for stage in STAGE_TABLES}
    for stage, doc_id, sha in rows:
        versions[stage].add((doc_id, sha))
    return versions


def stored_versions(database: Path) -> set:
    with duckdb.connect(str(database), read_only=True) as connection:
        return set(connection.sql("SELECT doc_id, content_sha256 FROM documents").fetchall())


# ------------------------------------------------------------------ incremental and repeatable

def test_adding_one_article_processes_only_that_article(tmp_path):
    folder = tmp_path / "articles"
    database = tmp_path / "timeline.duckdb"
    write_articles(folder, range(20))
    first = run_stages(database, folder)
    assert first["documents"] == {"new": 20, "changed": 0, "unchanged": 0, "rejected": 0}
    assert first["timeline"]["events"] > 0

    write_article(folder, 20)
    second = run_stages(database, folder)

    assert second["documents"] == {"new": 1, "changed": 0, "unchanged": 20, "rejected": 0}
    assert second["temporal_expressions"]["documents"] == 1
    assert second["event_mentions"]["documents"] == 1
    versions = stored_versions(database)
    assert len(versions) == 21
    assert processed_versions(database) == {stage: versions for stage in STAGE_TABLES}
    assert snapshot(database, keep_detection_times=False) == clean_run_snapshot(tmp_path, folder)


def test_changing_one_article_reprocesses_only_that_article(tmp_path):
    folder = tmp_path / "articles"
    database = tmp_path / "timeline.duckdb"
    write_articles(folder, range(21))
    run_stages(database, folder)
    before = stored_versions(database)

    changed = write_article(folder, 7, revision=3)
    counts = run_stages(database, folder)

    assert counts["documents"] == {"new": 0, "changed": 1, "unchanged": 20, "rejected": 0}
    assert counts["temporal_expressions"]["documents"] == 1
    assert counts["event_mentions"]["documents"] == 1
    after = stored_versions(database)
    assert len(after - before) == 1 and len(before - after) == 1
    assert processed_versions(database) == {stage: after for stage in STAGE_TABLES}
    with duckdb.connect(str(database), read_only=True) as connection:
        texts = connection.execute(
            "SELECT t.text FROM temporal_expressions t JOIN documents d USING (doc_id) "
            "WHERE d.source_path = ?", [str(changed)]).fetchall()
    found = " | ".join(text for (text,) in texts)
    assert "June 15, 2025" in found and "next week" not in found, found
    assert snapshot(database, keep_detection_times=False) == clean_run_snapshot(tmp_path, folder)


def test_running_twice_gives_identical_tables(tmp_path):
    folder = tmp_path / "articles"
    database = tmp_path / "timeline.duckdb"
    write_articles(folder, range(20))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7\n")
    (folder / "orphan.meta.json").write_text(json.dumps(SIDECAR), encoding="utf-8")
    write_article(folder, 99)
    (folder / "article_0099.meta.json").write_text("{not json", encoding="utf-8")

    run_stages(database, folder)
    first = snapshot(database)
    again = run_stages(database, folder)
    second = snapshot(database)

    assert again["documents"] == {"new": 0, "changed": 0, "unchanged": 20, "rejected": 4}
    assert again["temporal_expressions"]["documents"] == 0
    assert again["event_mentions"]["documents"] == 0
    assert len(first["rejected_documents"]) == 4 and first["timeline"]
    assert first == second


# ------------------------------------------------------------------ the CLI in a subprocess

class OutputWatcher:
    """Collects a subprocess's output lines in a thread, so a test can wait for one."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._read, args=(process.stdout,), daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:
        for line in stream:
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, pattern: str, timeout: float) -> bool:
        """True as soon as a line matches `pattern`; False at the end of output or timeout."""
        regex = re.compile(pattern)
        if any(regex.search(line) for line in self.lines):
            return True
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                return False
            if line is None:
                return False
            self.lines.append(line)
            if regex.search(line):
                return True
        return False

    def text(self) -> str:
        """All output so far (after the process ended: all of it)."""
        self._thread.join(timeout=30)
        while not self._queue.empty():
            line = self._queue.get()
            if line is not None:
                self.lines.append(line)
        return "".join(self.lines)


def start_cli_run(tmp_path: Path, input_dir: Path, database: Path,
                  **env: str) -> tuple[subprocess.Popen, OutputWatcher]:
    """`timeline run --input DIR --db PATH` with a private Dagster home; output watched."""
    dagster_home = tmp_path / "dagster_home"
    dagster_home.mkdir(exist_ok=True)
    shutil.copy(REPO_ROOT / ".dagster_home" / "dagster.yaml", dagster_home / "dagster.yaml")
    process = subprocess.Popen(
        [str(TIMELINE), "run", "--input", str(input_dir), "--db", str(database)],
        cwd=tmp_path, env={**os.environ, "DAGSTER_HOME": str(dagster_home),
                           "PYTHONUNBUFFERED": "1", **env},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    return process, OutputWatcher(process)


def finish(process: subprocess.Popen, timeout: float) -> int:
    """The exit code; the process is killed if it takes longer than `timeout`."""
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise


# The run is killed right after it committed its first batch of event mentions: documents and
# temporal expressions are complete, event mentions partly written, more batches in flight in the
# process pool (this many articles are computed in parallel, in batches).
KILL_AFTER = r"event_mentions: \d+ documents"
CRASH_ARTICLES = 250


@pytest.fixture(scope="module")
def crash_corpus(tmp_path_factory):
    """A folder of articles big enough for a run of several seconds, and its clean-run tables."""
    base = tmp_path_factory.mktemp("crash")
    folder = base / "articles"
    write_articles(folder, range(CRASH_ARTICLES))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIMELINE_WORKERS", "1")  # the reference is computed serially, in batches
        patch.setenv("TIMELINE_STAGING", str(base / "staging"))
        return folder, clean_run_snapshot(base, folder)


def child_processes(pid: int) -> list[int]:
    """Pids of the direct children of `pid` (Linux /proc)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []


def is_running(pid: int) -> bool:
    """True while `pid` exists and is not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_until_exited(pids: list[int], timeout: float) -> list[int]:
    """The pids still running after `timeout` seconds; those are then killed."""
    deadline = time.monotonic() + timeout
    running = [pid for pid in pids if is_running(pid)]
    while running and time.monotonic() < deadline:
        time.sleep(0.5)
        running = [pid for pid in running if is_running(pid)]
    for pid in running:
        os.kill(pid, signal.SIGKILL)
    return running


def rows_by_document(table_rows: list[tuple], doc_id_column: int) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for row in table_rows:
        grouped.setdefault(row[doc_id_column], []).append(row)
    return grouped


def assert_consistent_with(database: Path, clean: dict[str, list]) -> None:
    """Every committed piece of `database` equals the clean run's; nothing is half-written."""
    with duckdb.connect(str(database)) as connection:  # opening read-write replays the WAL
        columns = {table: [row[0] for row in connection.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
            [table]).fetchall()] for table in clean}
    crashed = snapshot(database, keep_detection_times=False)
    assert all(row in clean["documents"] for row in crashed["documents"])
    versions = processed_versions(database)
    for stage in STAGE_TABLES:
        doc_column = columns[stage].index("doc_id")
        have = rows_by_document(crashed[stage], doc_column)
        want = rows_by_document(clean[stage], doc_column)
        processed = {doc_id for doc_id, _ in versions[stage]}
        assert versions[stage] <= stored_versions(database), stage
        assert set(have) <= processed, f"{stage}: rows of documents the stage never finished"
        for doc_id in processed:
            assert have.get(doc_id, []) == want.get(doc_id, []), (stage, doc_id)
    assert crashed["timeline"] in ([], clean["timeline"])


def signal_run_midway(tmp_path: Path, folder: Path, database: Path, signum: int
                      ) -> tuple[subprocess.Popen, OutputWatcher, list[int]]:
    """Start `timeline run`, send `signum` once extraction is under way, wait for the end; the
    process, its output and the worker processes it had."""
    process, output = start_cli_run(tmp_path, folder, database)
    try:
        reached = output.wait_for(KILL_AFTER, timeout=240)
        assert reached and process.poll() is None, (
            f"the run ended before the signal:\n{output.text()[-3000:]}")
        workers = child_processes(process.pid)
        process.send_signal(signum)
    finally:
        finish(process, timeout=120)
    return process, output, workers


@pytest.mark.slow
def test_killed_run_leaves_a_consistent_database_and_rerun_completes(tmp_path, crash_corpus):
    folder, clean = crash_corpus
    database = tmp_path / "timeline.duckdb"
    process, _, workers = signal_run_midway(tmp_path, folder, database, signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL

    assert_consistent_with(database, clean)
    assert 0 < len(processed_versions(database)["event_mentions"]) < CRASH_ARTICLES

    # A batch that a worker staged but the killed run never loaded exists only when the kill comes
    # late enough; one is planted so the re-run's clean-up is always checked.
    unloaded = (tmp_path / "staging" / "event_mentions" / f"run-{socket.gethostname()}-{process.pid}"
                / "unloaded-batch.parquet")
    unloaded.parent.mkdir(parents=True, exist_ok=True)
    pl.DataFrame({"doc_id": ["articles/article_0000.txt"]}).write_parquet(unloaded)

    rerun, rerun_output = start_cli_run(tmp_path, folder, database)
    assert finish(rerun, timeout=300) == 0, rerun_output.text()[-3000:]
    assert snapshot(database, keep_detection_times=False) == clean
    orphans = wait_until_exited(workers, timeout=10)
    assert not orphans, f"worker processes outlived the killed run: {orphans}"
    leftovers = sorted(path.name for path in tmp_path.rglob("*.parquet"))
    assert not leftovers, f"the re-run left staged batches behind: {leftovers}"
    assert dagster_run_statuses(tmp_path / "dagster_home") == ["FAILURE", "SUCCESS"], (
        "the killed run must not stay STARTED for ever")


def dagster_run_statuses(dagster_home: Path) -> list[str]:
    """Statuses of the runs recorded in a Dagster home, oldest first."""
    import dagster as dg
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        return [run.status.value for run in reversed(instance.get_runs())]


HOLDER = textwrap.dedent("""
    import sys, duckdb
    connection = duckdb.connect(sys.argv[1], read_only=True)
    print("holding", flush=True)
    sys.stdin.readline()
    connection.close()
""")


def hold_open(database: Path) -> subprocess.Popen:
    """Another process with the database open (read-only, as an analyst would); it closes the
    database when a line is written to its stdin."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(database)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    return holder


def release(holder: subprocess.Popen) -> None:
    if holder.poll() is None:
        holder.stdin.write("close\n")
        holder.stdin.flush()
    holder.wait(timeout=30)


@pytest.fixture()
def small_corpus(tmp_path):
    """Five articles and a database that already holds the schema."""
    folder = tmp_path / "articles"
    write_articles(folder, range(5))
    database = tmp_path / "timeline.duckdb"
    stages.prepare(partial(store.connect_waiting, database))
    return folder, database


@pytest.mark.slow
def test_run_waits_for_a_reader_then_succeeds(tmp_path, small_corpus):
    folder, database = small_corpus
    holder = hold_open(database)
    try:
        process, output = start_cli_run(tmp_path, folder, database, TIMELINE_LOCK_TIMEOUT="60")
        try:
            waiting = output.wait_for(r"locked by process \d+; waiting up to 60 s", timeout=120)
            assert waiting, output.text()[-3000:]
            time.sleep(1.0)
            assert process.poll() is None
        finally:
            release(holder)
        assert finish(process, timeout=240) == 0, output.text()[-3000:]
    finally:
        release(holder)
    log = output.text()
    assert "TIMELINE_LOCK_TIMEOUT" in log and re.search(r"is free after [\d.]+ s", log)
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.sql("SELECT count(*) FROM documents").fetchone() == (5,)
        assert connection.sql("SELECT count(*) FROM timeline").fetchone()[0] > 0


@pytest.mark.slow
def test_run_gives_up_on_a_reader_that_stays_with_an_actionable_message(tmp_path, small_corpus):
    folder, database = small_corpus
    holder = hold_open(database)
    try:
        process, output = start_cli_run(tmp_path, folder, database, TIMELINE_LOCK_TIMEOUT="2")
        returncode = finish(process, timeout=240)
    finally:
        release(holder)
    log = output.text()
    assert returncode != 0, log[-3000:]
    assert re.search(r"still locked by process \d+ after \d+ s", log), log[-3000:]
    assert "raise TIMELINE_LOCK_TIMEOUT" in log
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.sql("SELECT count(*) FROM documents").fetchone() == (0,)


@pytest.mark.slow
def test_an_interrupted_run_says_so_in_one_line_and_the_next_one_completes(tmp_path, crash_corpus):
    folder, clean = crash_corpus
    database = tmp_path / "timeline.duckdb"
    process, output, _ = signal_run_midway(tmp_path, folder, database, signal.SIGINT)
    assert process.returncode == 130, output.text()[-3000:]
    assert output.wait_for("timeline run: interrupted; what was committed is kept", timeout=5)
    rerun, rerun_output = start_cli_run(tmp_path, folder, database)
    assert finish(rerun, timeout=300) == 0, rerun_output.text()[-3000:]
    assert snapshot(database, keep_detection_times=False) == clean
