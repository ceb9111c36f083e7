"""The Dagster code location loads, and every asset is described."""
from __future__ import annotations

import dagster as dg

from pipeline.definitions import defs


def test_code_location_loads_with_all_assets_checks_and_sensor():
    repository = defs.get_repository_def()
    keys = {key.to_user_string() for key in repository.asset_graph.get_all_asset_keys()}
    assert keys == {"documents", "temporal_expressions", "event_mentions", "timeline"}
    check_names = {key.name for key in repository.asset_graph.asset_check_keys}
    assert {"documents_have_dated_provenance", "timex_values_match_grammar",
            "mentions_are_traceable", "timeline_rows_are_traceable"} <= check_names
    sensor = repository.get_sensor_def("new_articles_sensor")
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED


def test_every_asset_has_a_description_and_the_in_process_executor():
    for assets_def in defs.assets:
        for spec in assets_def.specs:
            assert spec.description and len(spec.description) > 40, spec.key
    assert defs.executor is dg.in_process_executor


def test_workspace_points_at_the_code_location():
    from pathlib import Path

    import yaml
    workspace = yaml.safe_load((Path(__file__).resolve().parents[1] / "workspace.yaml").read_text())
    assert workspace["load_from"][0]["python_module"]["module_name"] == "pipeline.definitions"


def test_executor_is_chosen_by_the_environment(monkeypatch):
    from pipeline import definitions
    monkeypatch.setenv("TIMELINE_EXECUTOR", "multiprocess")
    assert definitions.selected_executor() is dg.multiprocess_executor
    monkeypatch.delenv("TIMELINE_EXECUTOR")
    assert definitions.selected_executor() is dg.in_process_executor
    monkeypatch.setenv("TIMELINE_EXECUTOR", "threads")
    import pytest
    with pytest.raises(ValueError, match="in_process, multiprocess, k8s, celery"):
        definitions.selected_executor()


def test_run_refuses_an_unknown_executor_in_one_line(monkeypatch, capsys):
    from pipeline import cli
    monkeypatch.setenv("TIMELINE_EXECUTOR", "bogus")
    assert cli.main(["run"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "timeline run: TIMELINE_EXECUTOR='bogus': choose one of in_process, multiprocess, k8s, "
        "celery."]


def test_database_follows_the_environment_at_run_time(monkeypatch, tmp_path):
    from pipeline.defs.resources import TimelineDatabase
    resource = TimelineDatabase()  # created before the variable is set, like the code location
    monkeypatch.setenv("TIMELINE_DB", str(tmp_path / "late.duckdb"))
    assert resource.path() == tmp_path / "late.duckdb"
    with resource.get_connection() as connection:
        assert connection.sql("SELECT 42").fetchone() == (42,)
    assert (tmp_path / "late.duckdb").exists()
