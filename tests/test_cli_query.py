"""The command line's refusals and messages: `timeline query` (reading statements only, one-line
errors, every result printed, CSV), and a bad --db or --input named before anything starts."""
from __future__ import annotations

import duckdb
import pytest

from pipeline import cli


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "timeline.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute("CREATE TABLE documents AS SELECT 'doc-1' AS doc_id, 7 AS words")
    return path


def _query(database, sql, capsys):
    code = cli.main(["query", sql, "--db", str(database)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _stored_rows(database):
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.sql("SELECT * FROM documents").fetchall()


def test_each_statement_result_is_printed_in_order(database, capsys):
    code, out, _ = _query(database, "SELECT words AS first_result FROM documents; "
                                    "SELECT doc_id AS second_result FROM documents", capsys)
    assert code == 0
    assert out.index("first_result") < out.index("second_result") and "doc-1" in out


@pytest.mark.parametrize("sql,refused", [
    ("DELETE FROM documents", "DELETE"),
    ("COPY documents TO '{db}' (FORMAT csv)", "COPY"),  # would overwrite the database file
    ("SELECT 1; DROP TABLE documents", "DROP"),
    ("ATTACH '{db}.other' AS other", "ATTACH"),
])
def test_writing_statements_are_refused_in_one_line_and_change_nothing(database, capsys, sql, refused):
    code, out, err = _query(database, sql.format(db=database), capsys)
    assert code == 2 and out == ""
    assert f"refused: {refused}" in err and "Traceback" not in err and len(err.splitlines()) == 1
    assert _stored_rows(database) == [("doc-1", 7)]


@pytest.mark.parametrize("sql,message", [
    ("", "no SQL statement"),
    ("-- only a comment", "no SQL statement"),
    ("SELEC 1", "Parser Error"),
    ("SELECT * FROM missing_table", "Catalog Error"),
])
def test_empty_or_broken_sql_gets_a_one_line_message(database, capsys, sql, message):
    code, _, err = _query(database, sql, capsys)
    assert code == 2 and message in err and len(err.splitlines()) == 1


def test_a_missing_sql_file_is_named(database, capsys, tmp_path):
    code, _, err = _query(database, str(tmp_path / "nowhere.sql"), capsys)
    assert code == 2 and "no such SQL file" in err and "nowhere.sql" in err


def test_a_sql_file_is_read(database, capsys, tmp_path):
    query = tmp_path / "count.sql"
    query.write_text("-- how many\nSELECT count(*) AS documents_stored FROM documents;\n", encoding="utf-8")
    code, out, _ = _query(database, str(query), capsys)
    assert code == 0 and "documents_stored" in out


def test_csv_output_keeps_full_values_and_lists_as_json(tmp_path, capsys):
    import csv
    import io
    path = tmp_path / "lists.duckdb"
    long_text = "a description " * 20
    with duckdb.connect(str(path)) as connection:
        connection.execute("CREATE TABLE timeline AS SELECT 'e1' AS event_id, ? AS description, "
                           "['Kyiv', 'Moscow'] AS actors", [long_text])
    code = cli.main(["query", "SELECT * FROM timeline", "--db", str(path), "--csv"])
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert code == 0
    assert rows == [["event_id", "description", "actors"], ["e1", long_text, '["Kyiv", "Moscow"]']]


@pytest.mark.parametrize("command", [["query", "SELECT 1"], ["run"]])
def test_a_folder_or_a_foreign_file_as_database_is_named_in_one_line(tmp_path, capsys, command):
    foreign = tmp_path / "notes.duckdb"
    foreign.write_text("not a database", encoding="utf-8")
    for database, problem in ((tmp_path, "is a folder"), (foreign, "not a DuckDB database file")):
        assert cli.main([*command, "--db", str(database)]) == 2
        err = capsys.readouterr().err
        assert problem in err and str(database) in err and len(err.splitlines()) == 1
    assert foreign.read_text(encoding="utf-8") == "not a database"


@pytest.mark.parametrize("sql,shown", [
    ("SELECT INTERVAL 3 DAY AS span", "3 days"),
    ("SELECT 'x'::UNION(a VARCHAR, b INT) AS choice", "x"),
    ("SELECT '\\x00'::BLOB AS raw", "\\x00"),
])
@pytest.mark.parametrize("output", [[], ["--csv"]])
def test_types_polars_or_csv_cannot_hold_are_printed_as_duckdb_text(database, capsys, sql, shown, output):
    code = cli.main(["query", sql, "--db", str(database), *output])
    captured = capsys.readouterr()
    assert code == 0 and shown in captured.out and captured.err == ""


def test_a_refused_statement_is_named_as_written(database, capsys):
    code, _, err = _query(database, "CHECKPOINT", capsys)
    assert code == 2 and "refused: CHECKPOINT (CALL)" in err


def test_run_names_a_missing_input_before_starting(tmp_path, capsys):
    assert cli.main(["run", "--input", str(tmp_path / "nowhere"), "--db", str(tmp_path / "t.duckdb")]) == 2
    err = capsys.readouterr().err
    assert "input folder or file not found" in err and "nowhere" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "t.duckdb").exists()
