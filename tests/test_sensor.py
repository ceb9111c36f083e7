"""The new-articles sensor: skips while the input folders are unchanged, one run per change."""
from __future__ import annotations

import json
import os

import dagster as dg
import pytest

from pipeline.defs import sensors


@pytest.fixture()
def input_folder(tmp_path, monkeypatch):
    """An input folder with one article, watched by the sensor instead of seeds/."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "first.txt").write_text("Talks resumed on Monday.\n", encoding="utf-8")
    monkeypatch.setattr(sensors, "DEFAULT_INPUT_DIRS", [str(folder)])
    return folder


def evaluate(cursor: str | None) -> tuple[object, str | None]:
    """One sensor evaluation from `cursor`: its result and the cursor it leaves."""
    context = dg.build_sensor_context(cursor=cursor)
    result = sensors.new_articles_sensor(context)
    return result, context.cursor


def test_first_evaluation_requests_a_run_and_sets_the_cursor(input_folder):
    result, cursor = evaluate(None)
    assert isinstance(result, dg.RunRequest)
    assert cursor and result.run_key == cursor


def test_no_change_skips(input_folder):
    _, cursor = evaluate(None)
    result, cursor_after = evaluate(cursor)
    assert isinstance(result, dg.SkipReason)
    assert cursor_after == cursor


def test_added_article_requests_a_run_with_a_new_run_key(input_folder):
    first, cursor = evaluate(None)
    (input_folder / "second.txt").write_text("Voting ends on Friday.\n", encoding="utf-8")
    (input_folder / "second.meta.json").write_text(json.dumps({"publication_date": "2025-05-28"}),
                                                   encoding="utf-8")
    result, new_cursor = evaluate(cursor)
    assert isinstance(result, dg.RunRequest)
    assert result.run_key not in (None, first.run_key)
    assert new_cursor == result.run_key != cursor
    again, _ = evaluate(new_cursor)
    assert isinstance(again, dg.SkipReason)


def test_changed_article_requests_a_run(input_folder):
    _, cursor = evaluate(None)
    article = input_folder / "first.txt"
    article.write_text("Talks resumed on Tuesday, a day late.\n", encoding="utf-8")
    status = article.stat()
    os.utime(article, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    result, new_cursor = evaluate(cursor)
    assert isinstance(result, dg.RunRequest)
    assert new_cursor != cursor


def test_sensor_is_registered_on_the_timeline_job_and_off_by_default():
    from pipeline.definitions import defs
    sensor = defs.resolve_sensor_def("new_articles_sensor")
    assert sensor.job_name == "timeline_job"
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED
