"""Start `dagster dev` for a test and always stop it again, leaving no stray processes."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DAGSTER = Path(sys.executable).with_name("dagster")
STARTUP_TIMEOUT_SECONDS = 120
STOP_GRACE_SECONDS = 20


@dataclass(frozen=True)
class DagsterDev:
    """A running `dagster dev`: its URL, process and log file."""

    url: str
    process: subprocess.Popen
    log_path: Path

    def log_tail(self, chars: int = 4000) -> str:
        """The end of the server's combined output, for failure messages."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def graphql(url: str, query: str, variables: dict | None = None, timeout: float = 30) -> dict:
    """POST a query to the webserver's GraphQL API; the `data` part of the answer."""
    request = urllib.request.Request(
        f"{url}/graphql", data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        answer = json.load(response)
    if answer.get("errors"):
        raise RuntimeError(f"GraphQL errors: {answer['errors']}")
    return answer["data"]


def _process_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, session id) of every process, read from /proc."""
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            table[int(entry.name)] = (int(fields[1]), int(fields[3]))
    return table


def _processes_of(root_pid: int) -> set[int]:
    """Pids of every process below `root_pid` or in its session."""
    table = _process_table()
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    found = {pid for pid, (_, session) in table.items() if session == root_pid}
    pending = [root_pid]
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in found:
                found.add(child)
                pending.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_until_gone(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        remaining = {pid for pid in pids if _alive(pid)}
        if not remaining:
            return set()
        time.sleep(0.2)
    return {pid for pid in pids if _alive(pid)}


def _kill_pids(pids: set[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _stop(process: subprocess.Popen) -> set[int]:
    """Stop `dagster dev` and everything it started: SIGTERM to its process group, SIGKILL to
    whatever is still running after a grace period. The pids still alive after that."""
    started = _processes_of(process.pid) | {process.pid}
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        process.wait(timeout=STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        pass
    stubborn = _wait_until_gone(started | _processes_of(process.pid), STOP_GRACE_SECONDS)
    if stubborn:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _kill_pids(stubborn)
        process.wait(timeout=10)
    return _wait_until_gone(stubborn | _processes_of(process.pid), 5)


def _wait_for_server(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dagster dev exited with {process.returncode}:\n"
                               f"{log_path.read_text(errors='replace')[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/server_info", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise TimeoutError(f"dagster dev did not answer within {STARTUP_TIMEOUT_SECONDS} s:\n"
                       f"{log_path.read_text(errors='replace')[-4000:]}")


@contextmanager
def dagster_dev(work_dir: Path, database: Path, input_dirs: list[Path]) -> Iterator[DagsterDev]:
    """`dagster dev` on workspace.yaml with a private DAGSTER_HOME, TIMELINE_DB and input folders.

    Runs in its own session (dagster dev ignores SIGTERM when started in the background of a
    script otherwise) and is stopped at exit, also on failure: SIGTERM to its process group, then
    SIGKILL to whatever is left of it; fails if any of its processes survives.
    """
    dagster_home = work_dir / "dagster_home"
    dagster_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_ROOT / ".dagster_home" / "dagster.yaml", dagster_home / "dagster.yaml")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DAGSTER_HOME": str(dagster_home), "TIMELINE_DB": str(database),
           "TIMELINE_INPUT_DIRS": os.pathsep.join(str(folder) for folder in input_dirs),
           "PYTHONUNBUFFERED": "1"}
    log_path = work_dir / "dagster-dev.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            # SIGINT/SIGTERM may be inherited as ignored (runs from a background shell job);
            # dagster dev copies SIGINT's handling to SIGTERM, so both are reset first.
            ["env", "--default-signal=INT,TERM", str(DAGSTER), "dev", "-w", "workspace.yaml",
             "-h", "127.0.0.1", "-p", str(port)],
            cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True)
    survivors: set[int] = set()
    try:
        _wait_for_server(url, process, log_path)
        yield DagsterDev(url=url, process=process, log_path=log_path)
    finally:
        survivors = _stop(process)
    assert not survivors, f"processes of dagster dev still running after SIGKILL: {survivors}"
