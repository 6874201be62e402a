"""`scrutiny-bot serve` as it runs in production: gunicorn workers answering signed requests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import WORKSPACE
from tests.fakes import slack_requests as sr
from tests.fakes.running_app import SIGNING_SECRET

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(demo, slack_api):  # type: ignore[no-untyped-def]
    port = free_port()
    env = {**os.environ, "DATABASE_URL": demo.url, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": slack_api.base_url, "WEB_CONCURRENCY": "2", "WEB_THREADS": "4", "PORT": str(port)}
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                # Never answered: fail here, with what the server said, not later with a refused connection.
                if process.poll() is None:
                    process.kill()
                output = process.communicate(timeout=30)[0].decode(errors="replace")
                pytest.fail(f"the server never answered /healthz on {url}:\n{output[-3000:]}")
            time.sleep(0.2)
    yield url, process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_healthz_answers_from_the_production_server(server) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    with urllib.request.urlopen(url + "/healthz", timeout=5) as response:
        assert json.loads(response.read()) == {"status": "ok", "database": "ok"}


def test_a_signed_command_is_answered_by_a_worker(server) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    body = sr.slash_command_body("/overdue", "", team_id=WORKSPACE)
    status, _, text = sr.post_signed(url + "/slack/events", body, SIGNING_SECRET)
    assert status == 200 and "Overdue actions" in text


def test_the_server_stops_cleanly_and_logged_json_lines(server) -> None:  # type: ignore[no-untyped-def]
    url, process = server
    sr.post_signed(url + "/slack/events", sr.slash_command_body("/actions", "help", team_id=WORKSPACE), SIGNING_SECRET)
    process.send_signal(signal.SIGTERM)
    output = process.communicate(timeout=30)[0].decode()
    assert process.returncode == 0
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert any(line.get("name") == "/actions" and line.get("outcome") == "ok" for line in lines)
