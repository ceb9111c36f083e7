"""The `timeline` command: run | show | query | annotate | evaluate | ui."""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
# Heavy modules (Dagster, DuckDB, polars, spaCy; even pathlib) are imported inside the commands that
# need them, so `timeline annotate` starts fast.


def _use_project_dagster_home() -> None:
    """Keep Dagster's run history in the project (.dagster_home), never in the user's home."""
    os.environ.setdefault("DAGSTER_HOME", os.path.join(REPO_ROOT, ".dagster_home"))
    os.makedirs(os.environ["DAGSTER_HOME"], exist_ok=True)


def _print_frame(frame) -> None:
    import polars as pl
    with pl.Config(tbl_rows=-1, tbl_cols=-1, fmt_str_lengths=70, tbl_width_chars=200,
                   tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
        print(frame)


def _print_csv(frame) -> None:
    """The rows as CSV with a header; lists and structs as JSON text."""
    import polars as pl
    nested = [name for name, dtype in frame.schema.items() if dtype.is_nested()]
    frame = frame.with_columns(pl.col(name).map_elements(
        lambda value: json.dumps(value.to_list() if isinstance(value, pl.Series) else value,
                                 ensure_ascii=False, default=str),
        return_dtype=pl.String) for name in nested)
    sys.stdout.write(frame.write_csv())


def _database_problem(path: Path) -> str | None:
    """Why `path` cannot be the database (a folder; a file that is not DuckDB's), else None."""
    if path.is_dir():
        return f"{path} is a folder, not a database file"
    if path.is_file():
        with path.open("rb") as file:
            header = file.read(12)
        if header[8:12] != b"DUCK":
            return f"{path} exists but is not a DuckDB database file"
    return None


def command_run(args: argparse.Namespace) -> int:
    """Materialize every asset (as "Materialize all" in the UI) and print a summary."""
    from pathlib import Path
    from pipeline import store
    database = Path(args.db).resolve() if args.db else store.database_path()
    problem = _database_problem(database)
    if problem:
        print(f"timeline run: {problem}.", file=sys.stderr)
        return 2
    input_dirs = [str(Path(folder).resolve()) for folder in args.input]
    missing = [folder for folder in input_dirs if not Path(folder).exists()]  # a folder or one file
    if missing:
        print(f"timeline run: input folder or file not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    from pipeline.defs.executors import executor_name
    try:
        executor_name()
    except ValueError as error:
        print(f"timeline run: {error}.", file=sys.stderr)
        return 2
    from pipeline import workers
    workers.warm_up()  # the workers' server loads spaCy while Dagster starts
    if args.db:
        os.environ["TIMELINE_DB"] = str(database)
    _use_project_dagster_home()
    import dagster as dg

    from pipeline.definitions import defs
    from pipeline.defs.assets import DEFAULT_INPUT_DIRS

    input_dirs = input_dirs or DEFAULT_INPUT_DIRS
    job = defs.resolve_job_def("timeline_job")
    instance = dg.DagsterInstance.get()
    _close_killed_runs(instance)
    result = job.execute_in_process(
        run_config={"ops": {"documents": {"config": {"input_dirs": input_dirs}}},
                    "loggers": {"console": {"config": {"log_level": args.log_level}}}},
        instance=instance, raise_on_error=False, tags=_run_tags() | {_PID_TAG: str(os.getpid())})
    database = store.database_path()
    if not result.success:
        failures = [(event.step_key, (event.step_failure_data.error.cause
                                      or event.step_failure_data.error).message.strip())
                    for event in result.all_events if event.is_step_failure]
        for step, message in failures:
            print(f"timeline run: step {step} failed: {message}", file=sys.stderr)
        for check, sample in _failed_checks(result):
            print(f"timeline run: check {check} failed on:\n{sample}", file=sys.stderr)
        if any("DagsterExecutionInterruptedError" in message for _, message in failures):
            print("timeline run: interrupted; what was committed is kept, and the next run "
                  "finishes the work.", file=sys.stderr)
            return 130
        print(f"timeline run: the run failed (run id {result.run_id}).", file=sys.stderr)
        return 3 if any("TIMELINE_LOCK_TIMEOUT" in message for _, message in failures) else 1
    with store.connect_waiting(database, read_only=True) as connection:
        summary = store.fetch(connection, "ops/run_summary")
    print(f"Timeline written to {database}")
    _print_frame(summary)
    return 0


_HOST_TAG, _PID_TAG = "timeline/host", "timeline/pid"


def _run_tags() -> dict[str, str]:
    """The tags of this host's `timeline run` runs."""
    import socket
    return {_HOST_TAG: socket.gethostname()}


def _close_killed_runs(instance) -> None:
    """Mark failed the runs of `timeline run` on this host whose process is gone (killed, say,
    with SIGKILL): Dagster would list them as started for ever, and past ten such runs its
    daemon launches no queued run (the sensor's)."""
    import dagster as dg

    from pipeline.workers import is_alive
    started = instance.get_runs(dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED],
                                              tags=_run_tags()))
    for run in started:
        pid = run.tags.get(_PID_TAG, "")
        if pid.isdigit() and not is_alive(int(pid)):
            instance.report_run_failed(run, message=f"the `timeline run` process {pid} ended "
                                                    "without finishing this run (killed)")


def _failed_checks(result) -> list[tuple[str, str]]:
    """(check name, its sample of failing rows) for each asset check of the run that failed."""
    return [(evaluation.check_name, getattr(evaluation.metadata.get("sample"), "value", ""))
            for evaluation in result.get_asset_check_evaluations() if not evaluation.passed]


# Statement types `timeline query` runs: reading only (SHOW, DESCRIBE, SUMMARIZE and PRAGMA
# listings are SELECTs to DuckDB). COPY ... TO, ATTACH, EXPORT, SET, LOAD and CALL are refused:
# a read-only connection still lets COPY write any file, the database itself included.
_READING_STATEMENTS = ("SELECT", "EXPLAIN")


def _print_query(args: argparse.Namespace, sql: str) -> int:
    """Run the statements of `sql` read-only on the database of `args.db` (or the default) and
    print each result; 2 with a one-line message for no statement, a refused statement or an SQL
    error."""
    from pathlib import Path
    import duckdb

    from pipeline import store
    database = Path(args.db) if args.db else store.database_path()
    if not database.exists():
        return _query_error(args, f"no database at {database}; run `timeline run` first.")
    problem = _database_problem(database)
    if problem:
        return _query_error(args, f"{problem}.")
    with store.connect_waiting(database, read_only=True) as connection:
        try:
            statements = connection.extract_statements(sql)
        except duckdb.Error as error:
            return _query_error(args, _first_line(error))
        if not statements:
            return _query_error(args, "no SQL statement to run.")
        refused = [_statement_name(statement) for statement in statements
                   if statement.type.name not in _READING_STATEMENTS]
        if refused:
            hint = " (to export, run COPY in the duckdb CLI on a copy of the database)" \
                if {"COPY", "EXPORT"} & set(refused) else ""
            return _query_error(args, f"only reading statements (SELECT, EXPLAIN) are run; refused: "
                                      f"{', '.join(refused)}{hint}.")
        for number, statement in enumerate(statements):
            try:
                frame = _result_frame(connection, statement.query)
            except duckdb.Error as error:
                return _query_error(args, _first_line(error))
            if number:
                print()
            if args.csv:
                _print_csv(frame)
            else:
                _print_frame(frame)
    return 0


def _result_frame(connection, query: str):
    """The result as a polars frame; columns polars cannot take or CSV cannot hold (INTERVAL,
    UNION, BLOB, BIT ...) come as DuckDB's own text for them."""
    import duckdb
    import polars as pl
    try:
        frame = connection.sql(query).pl()
    except duckdb.Error:
        raise
    except Exception:  # a conversion polars cannot make (INTERVAL, UNION)
        frame = None
    if frame is not None and not any(dtype in (pl.Binary, pl.Object) for dtype in frame.dtypes):
        return frame
    return connection.sql(f"SELECT COLUMNS(*)::VARCHAR FROM ({query})").pl()


def _statement_name(statement) -> str:
    """What a refused statement is, as written ('INSTALL', 'CHECKPOINT') and as DuckDB classes it."""
    written = statement.query.split(None, 1)[0].upper() if statement.query.strip() else ""
    kind = statement.type.name
    return kind if written in ("", kind) else f"{written} ({kind})"


def _query_error(args: argparse.Namespace, message: str) -> int:
    print(f"timeline {args.command}: {message}", file=sys.stderr)
    return 2


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def command_show(args: argparse.Namespace) -> int:
    """Print the timeline from the database."""
    from pipeline import store
    return _print_query(args, store.read_sql("ops/show_timeline"))


def command_query(args: argparse.Namespace) -> int:
    """Run read-only SQL (a .sql file or the text itself) and print each statement's result."""
    from pathlib import Path
    source = Path(args.sql)
    if source.suffix == ".sql" and not source.is_file():
        return _query_error(args, f"no such SQL file: {source}")
    return _print_query(args, source.read_text(encoding="utf-8") if source.suffix == ".sql" else args.sql)


def command_annotate(args: argparse.Namespace) -> int:
    """Tag temporal expressions in JSON lines from stdin."""
    from pipeline.core import annotate
    if args.out_dir and not args.timeml:
        print("timeline annotate: --out-dir goes with --timeml (--jsonl writes to stdout).",
              file=sys.stderr)
        return 2
    if args.timeml:
        from pathlib import Path
        out_dir = Path(args.out_dir) if args.out_dir else None
        if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
            print(f"timeline annotate: --out-dir {out_dir} is a file, not a folder.", file=sys.stderr)
            return 2
        return annotate.annotate_timeml(sys.stdin, sys.stdout, sys.stderr, out_dir=out_dir)
    return annotate.annotate_jsonl(sys.stdin, sys.stdout, sys.stderr)


def command_evaluate(args: argparse.Namespace) -> int:
    """Score the tagger (or, with --events, event-time anchoring) against TimeML gold files."""
    from pathlib import Path
    from pipeline.core import evaluate
    return evaluate.run([Path(folder) for folder in args.gold_dirs], sys.stdout,
                        mismatches=args.mismatches, per_document=args.per_document,
                        doc_type=args.doc_type, events=args.events)


def command_ui(args: argparse.Namespace) -> int:
    """Start the Dagster UI (dagster dev) on this project's code location."""
    from pathlib import Path
    _use_project_dagster_home()
    import dagster as dg
    with dg.DagsterInstance.get() as instance:
        _close_killed_runs(instance)  # else they hold the daemon's run slots: queued runs wait
    dagster = Path(sys.executable).with_name("dagster")
    os.chdir(REPO_ROOT)
    os.execv(str(dagster), [str(dagster), "dev", "-w", "workspace.yaml", "-h", args.host,
                            "-p", str(args.port)])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="timeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help=command_run.__doc__)
    run.add_argument("--input", action="append", default=[], metavar="DIR",
                     help="input folder of articles (repeatable; default: seeds/)")
    run.add_argument("--db", help="database file (default: $TIMELINE_DB or data/timeline.duckdb)")
    run.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                     help="Dagster log level on the console (default: INFO)")
    run.set_defaults(handler=command_run)

    show = commands.add_parser("show", help=command_show.__doc__)
    show.add_argument("--db", help="database file (default: $TIMELINE_DB or data/timeline.duckdb)")
    show.add_argument("--csv", action="store_true", help="print CSV with full cell values, not a table")
    show.set_defaults(handler=command_show)

    query = commands.add_parser("query", help=command_query.__doc__)
    query.add_argument("sql", help="a .sql file (e.g. sql/queries/timeline_in_order.sql) or SQL text")
    query.add_argument("--db", help="database file (default: $TIMELINE_DB or data/timeline.duckdb)")
    query.add_argument("--csv", action="store_true",
                       help="print CSV with full cell values, not a table (e.g. to export a result)")
    query.set_defaults(handler=command_query)

    annotate = commands.add_parser("annotate", help=command_annotate.__doc__)
    output = annotate.add_mutually_exclusive_group(required=True)
    output.add_argument("--jsonl", action="store_true",
                        help='read {"id","text","dct"} lines, write {"id","timexes"} lines')
    output.add_argument("--timeml", action="store_true", help="same input, TimeML output")
    annotate.add_argument("--out-dir", metavar="DIR",
                          help="with --timeml: write one <id>.tml per input into DIR instead of stdout")
    annotate.set_defaults(handler=command_annotate)

    evaluate = commands.add_parser("evaluate", help=command_evaluate.__doc__)
    evaluate.add_argument("gold_dirs", nargs="+", metavar="GOLD_DIR")
    evaluate.add_argument("--mismatches", action="store_true", help="list every mismatch")
    evaluate.add_argument("--per-document", action="store_true", help="scores per document")
    evaluate.add_argument("--doc-type", default="auto", choices=["news", "narrative", "auto"])
    evaluate.add_argument("--events", action="store_true",
                          help="score event-time anchoring against the gold TLINKs")
    evaluate.set_defaults(handler=command_evaluate)

    ui = commands.add_parser("ui", help=command_ui.__doc__)
    ui.add_argument("--host", default="127.0.0.1")
    ui.add_argument("--port", type=int, default=3000)
    ui.set_defaults(handler=command_ui)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except Exception as error:
        from pipeline.store import DatabaseLockedError
        if not isinstance(error, DatabaseLockedError):
            raise
        print(f"timeline {args.command}: {error}", file=sys.stderr)
        return 3


def console() -> None:
    """The `timeline` command: `main`, then end the process at once. By then everything is
    committed and closed; flushing the streams and logs and skipping the interpreter's teardown
    of Dagster, DuckDB and polars saves about a second per command. A reader that stops early
    (`timeline show | head`) ends the command quietly, with exit code 1."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    if "logging" in sys.modules:  # flush what was logged (`timeline annotate` never imports it)
        sys.modules["logging"].shutdown()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    console()
