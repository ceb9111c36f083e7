"""The Dagster UI in a real (headless) browser: the asset graph shows the four assets, and
"Materialize all" runs the pipeline into the database."""
from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb
import pytest

from tests.helpers_dagster_dev import REPO_ROOT, dagster_dev, graphql

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = REPO_ROOT / "test-artifacts"
ASSETS = ["documents", "temporal_expressions", "event_mentions", "timeline"]
RUN_TIMEOUT_SECONDS = 300
TERMINAL_STATUSES = {"SUCCESS", "FAILURE", "CANCELED"}
RUNS_QUERY = "{ runsOrError(limit: 5) { ... on Runs { results { runId status } } } }"
CHECKS_QUERY = """query ($runId: ID!) { runOrError(runId: $runId) { ... on Run {
  assetCheckEvaluations: eventConnection { events { __typename
    ... on AssetCheckEvaluationEvent { evaluation { checkName success } } } } } } }"""

pytestmark = pytest.mark.slow


@pytest.fixture()
def chromium_path() -> Path:
    """Debian's Chromium; the test is skipped without it, except in CI, where it must fail."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI (install it with scripts/setup.sh "
                        "--with-browser)")
        pytest.skip(f"{CHROMIUM} is not installed")
    return CHROMIUM


def wait_for_run(url: str, timeout: float) -> dict:
    """The newest run once it has ended (the one "Materialize all" launched)."""
    deadline = time.monotonic() + timeout
    runs: list[dict] = []
    while time.monotonic() < deadline:
        runs = graphql(url, RUNS_QUERY)["runsOrError"]["results"]
        if runs and runs[0]["status"] in TERMINAL_STATUSES:
            return runs[0]
        time.sleep(1.0)
    raise TimeoutError(f"no run ended within {timeout:.0f} s; runs: {runs}")


def check_results(url: str, run_id: str) -> dict[str, bool]:
    """check name -> passed, for the asset checks the run evaluated."""
    events = graphql(url, CHECKS_QUERY, {"runId": run_id})["runOrError"][
        "assetCheckEvaluations"]["events"]
    return {event["evaluation"]["checkName"]: event["evaluation"]["success"]
            for event in events if event["__typename"] == "AssetCheckEvaluationEvent"}


def test_materialize_all_from_the_asset_graph(tmp_path, chromium_path):
    from playwright.sync_api import expect, sync_playwright

    database = tmp_path / "timeline.duckdb"
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "ui-materialize-all.png"
    screenshot.unlink(missing_ok=True)
    with (dagster_dev(tmp_path, database, [REPO_ROOT / "seeds"]) as server,
          sync_playwright() as playwright):
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        try:
            # The one-time "Join the Dagster community" dialog may cover the page at any moment.
            page.add_locator_handler(page.get_by_text("Join the Dagster community"),
                                     lambda: page.get_by_role("button", name="Skip").click())
            page.goto(f"{server.url}/asset-groups", wait_until="domcontentloaded")
            materialize = page.get_by_role("button", name="Materialize all")
            expect(materialize).to_be_visible(timeout=60_000)
            for asset in ASSETS:
                expect(page.get_by_text(asset, exact=True).first).to_be_visible()
            materialize.click()

            run = wait_for_run(server.url, RUN_TIMEOUT_SECONDS)
            assert run["status"] == "SUCCESS", server.log_tail()
            checks = check_results(server.url, run["runId"])
            assert len(checks) >= 4 and all(checks.values()), checks
            # The graph polls asset status: the run can end before every node shows it.
            expect(page.get_by_text("Materializing")).to_have_count(0, timeout=60_000)
            expect(page.get_by_text("Materialized", exact=True)).to_have_count(
                len(ASSETS), timeout=60_000)
            page.screenshot(path=str(screenshot))
        except BaseException:
            page.screenshot(path=str(ARTIFACTS / "ui-materialize-all-failure.png"))
            raise
        finally:
            browser.close()

    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.sql("SELECT count(*) FROM documents").fetchone() == (2,)
        assert connection.sql("SELECT count(*) FROM timeline").fetchone()[0] > 0
    assert screenshot.stat().st_size > 10_000
