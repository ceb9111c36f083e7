"""End to end on the seed articles: documents in, the DuckDB timeline out, through Dagster."""
from __future__ import annotations

import shutil

import duckdb
import dagster as dg
import pytest

from tests.conftest import SEEDS

TABLES = ["documents", "rejected_documents", "temporal_expressions", "event_mentions", "timeline",
          "document_stages"]


def run_job(input_dirs) -> None:
    from pipeline.definitions import defs
    job = defs.resolve_job_def("timeline_job")
    result = job.execute_in_process(
        run_config={"ops": {"documents": {"config": {"input_dirs": [str(d) for d in input_dirs]}}}},
        instance=dg.DagsterInstance.get())
    assert result.success
    checks = result.get_asset_check_evaluations()
    assert checks and all(check.passed for check in checks), [
        (c.check_name, c.metadata) for c in checks if not c.passed]


def snapshot(database) -> dict:
    with duckdb.connect(str(database), read_only=True) as connection:
        return {table: connection.sql(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
                for table in TABLES}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    base = tmp_path_factory.mktemp("seeded")
    database = base / "timeline.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIMELINE_DB", str(database))
        patch.setenv("DAGSTER_HOME", str(base))
        run_job([SEEDS])
        first = snapshot(database)
        run_job([SEEDS])
        second = snapshot(database)
    return database, first, second


def timeline_rows(database) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.sql(
            "SELECT t.timex_value, t.description, t.doc_count, "
            "       list_sort(list(DISTINCT d.file_name[1:3])) "
            "FROM timeline t, unnest(t.doc_ids) AS u(doc_id) JOIN documents d USING (doc_id) "
            "GROUP BY ALL ORDER BY t.timex_value, t.description").fetchall()


EXPECTED = [  # (timex_value, words the description must contain, reporting files)
    ("2014", ["crimea"], ["004"]),
    ("2022-02", ["invasion"], ["004"]),
    ("2025-05-16", ["istanbul"], ["000"]),
    ("2025-W21-WE", ["exchange"], ["000"]),
    ("2025-05-28", ["rubio"], ["000"]),
    ("2025-05-28", ["lavrov"], ["000", "004"]),
    ("2025-06-02", ["talks", "istanbul"], ["000", "004"]),
]


def test_seed_timeline_holds_the_expected_events_once_each(seeded):
    database, _, _ = seeded
    rows = timeline_rows(database)
    assert len(rows) == len(EXPECTED), rows
    unmatched = list(rows)
    for value, words, files in EXPECTED:
        match = [row for row in unmatched if row[0] == value
                 and all(word in row[1].lower() for word in words) and row[3] == files]
        assert len(match) == 1, (value, words, files, rows)
        unmatched.remove(match[0])
    rubio = next(row for row in rows if "rubio" in row[1].lower())
    proposal = next(row for row in rows if row[0] == "2025-05-28" and row is not rubio)
    assert "propos" in proposal[1].lower() or "talks" in proposal[1].lower()


def test_no_wrong_years_and_sanctions_are_not_dated(seeded):
    database, _, _ = seeded
    with duckdb.connect(str(database), read_only=True) as connection:
        values = {row[0] for row in connection.sql("SELECT timex_value FROM timeline").fetchall()}
        descriptions = " ".join(row[0] for row in connection.sql(
            "SELECT description FROM timeline").fetchall()).lower()
    assert "2024-06-02" not in values
    assert "sanction" not in descriptions


def test_documents_record_publication_context_and_provenance(seeded):
    database, _, _ = seeded
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = dict((r[0][:3], r[1:]) for r in connection.sql(
            "SELECT file_name, publication_date::VARCHAR, date_provenance, source, "
            "text LIKE '%Must-Reads%' FROM documents").fetchall())
    assert rows["000"][:3] == ("2025-05-28", "metadata", "Washington Examiner")
    assert rows["004"][:2] == ("2025-05-28", "assigned")
    assert rows["000"][3] is False


def test_running_twice_leaves_identical_tables(seeded):
    _, first, second = seeded
    assert first == second
    assert first["timeline"]


def test_show_and_query_print_the_timeline(seeded, capsys):
    from pipeline import cli
    database, _, _ = seeded
    assert cli.main(["show", "--db", str(database)]) == 0
    shown = capsys.readouterr().out
    assert "2025-W21-WE" in shown and "2025-06-02" in shown
    query = str(cli.__file__).replace("pipeline/cli.py", "sql/queries/planned_after_publication.sql")
    assert cli.main(["query", query, "--db", str(database)]) == 0
    planned = capsys.readouterr().out
    assert "2025-06-02" in planned and "2014" not in planned
    assert cli.main(["query", "SELECT 1", "--db", str(database.parent / "missing.duckdb")]) == 2


def test_check_queries_report_corrupted_rows(seeded, tmp_path):
    """The checks' SQL finds what it guards against, within the rows in scope: a timeline row
    without mentions, one naming a mention that does not exist, a mention whose document is
    gone, a mention dated to a day centuries from its anchor (not one dated to a year); out of
    scope, nothing is examined."""
    import polars as pl

    from pipeline import store
    database, _, _ = seeded
    corrupted = tmp_path / "corrupted.duckdb"
    shutil.copy(database, corrupted)
    with duckdb.connect(str(corrupted)) as connection:
        (empty,), (dangling,) = connection.sql(
            "SELECT event_id FROM timeline ORDER BY event_id LIMIT 2").fetchall()
        connection.execute("UPDATE timeline SET mention_ids = [] WHERE event_id = ?", [empty])
        connection.execute("UPDATE timeline SET mention_ids = list_append(mention_ids, 'gone') "
                           "WHERE event_id = ?", [dangling])
        orphan_doc = connection.sql("SELECT min(doc_id) FROM event_mentions").fetchone()[0]
        connection.execute("DELETE FROM documents WHERE doc_id = ?", [orphan_doc])

        def found(check: str, scope: str, **params) -> set:
            keys = [row[0] for row in connection.sql(scope).fetchall()]
            connection.register("check_scope", pl.DataFrame({"key": keys},
                                                            schema={"key": pl.String}).to_arrow())
            return {row[0] for row in connection.execute(store.read_sql(check),
                                                         params or None).fetchall()}

        buckets = "SELECT DISTINCT merge_bucket FROM timeline"
        assert found("checks/timeline_without_mention", buckets) == {empty, dangling}
        assert found("checks/timeline_without_mention", "SELECT 'no such bucket'") == set()
        orphans = {row[0] for row in connection.execute(
            "SELECT mention_id FROM event_mentions WHERE doc_id = ?", [orphan_doc]).fetchall()}
        documents = "SELECT DISTINCT doc_id FROM event_mentions"
        assert orphans and found("checks/mentions_without_document", documents) == orphans
        far, coarse = (row[0] for row in connection.sql(
            "SELECT m.mention_id FROM event_mentions AS m JOIN temporal_expressions AS x "
            "USING (timex_id) WHERE x.anchor_value IS NOT NULL ORDER BY 1 LIMIT 2").fetchall())
        connection.execute("UPDATE event_mentions SET timex_value = '1700-01-01', date_start = "
                           "DATE '1700-01-01', date_end = DATE '1700-01-01' WHERE mention_id = ?",
                           [far])
        connection.execute("UPDATE event_mentions SET timex_value = '1700', date_start = DATE "
                           "'1700-01-01', date_end = DATE '1700-12-31' WHERE mention_id = ?",
                           [coarse])  # '325 years ago': a year may lie that far
        assert found("checks/mention_dates_far_from_anchor", documents, max_years=100) == {far}


def test_a_far_past_year_is_content_and_a_failing_check_names_its_rows(tmp_path, monkeypatch,
                                                                          capsys):
    """'opened 150 years ago' passes the mention check (a year may lie that far from its anchor);
    when a check fails, `timeline run` prints the rows it failed on."""
    from pipeline import cli
    from pipeline.defs import checks
    articles = tmp_path / "news"
    articles.mkdir()
    (articles / "bridge.txt").write_text(
        "Old bridge to close\nThe city said on Monday that the old stone bridge, which opened "
        "150 years ago, will close next month.\n")
    (articles / "bridge.meta.json").write_text('{"publication_date": "2025-05-28"}')
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    monkeypatch.setenv("TIMELINE_DB", str(tmp_path / "first.duckdb"))
    assert cli.main(["run", "--input", str(articles), "--db", str(tmp_path / "first.duckdb")]) == 0
    with duckdb.connect(str(tmp_path / "first.duckdb"), read_only=True) as connection:
        assert ("1875",) in connection.sql("SELECT timex_value FROM timeline").fetchall()
    monkeypatch.setattr(checks, "MAX_YEARS_FROM_ANCHOR", -1)  # every dated day now fails
    capsys.readouterr()
    assert cli.main(["run", "--input", str(articles), "--db", str(tmp_path / "second.duckdb")]) == 1
    error = capsys.readouterr().err
    assert "check mentions_are_traceable failed on:" in error
    assert "2025-05-26 is over -1 years from its anchor 2025-05-28" in error


def test_a_reader_that_stops_early_ends_the_command_quietly(seeded):
    """`timeline query ... | head`: no traceback when the reader closes the pipe."""
    import subprocess
    import sys
    database, _, _ = seeded
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "query", "SELECT * FROM range(300000)",
         "--db", str(database)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert "Traceback" not in stderr and "Broken pipe" not in stderr, stderr
