"""A wrong AWS_ENDPOINT_URL: `import` and `drift` stop with one line naming the endpoint (exit 2), never a traceback,
and within a bounded time whatever the server does."""

from __future__ import annotations

import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from project_files import REPO

from org_components.cli import main
from org_components.live import client as live_client


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    reply: bytes = b""
    status: int = 200
    delay: float = 0.0


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # the AWS JSON protocol POSTs every call
        server: _Server = self.server  # type: ignore[assignment]
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if server.delay:
            time.sleep(server.delay)
            return
        self.send_response(server.status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(server.reply)))
        self.end_headers()
        self.wfile.write(server.reply)

    def log_message(self, *args):
        pass


@pytest.fixture
def wrong_endpoint(monkeypatch, tmp_path):
    server = _Server(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL_ORGANIZATIONS", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("COLUMNS", "1000")
    shutil.copy(REPO / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    yield server, endpoint, tmp_path
    server.shutdown()


def _import(capsys, project: Path) -> tuple[int, str]:
    code = main(["import", str(project), "--stack", "live"])
    return code, " ".join(capsys.readouterr().err.split())


@pytest.mark.parametrize(
    ("status", "reply", "why"),
    [
        (200, b"{}", "its reply has no Organization to describe_organization"),
        (200, b"\xff\xfe<html>not json", "its reply cannot be read: UnicodeDecodeError to describe_organization"),
        (404, b"<html>Not Found</html>", "it answered HTTP 404 to describe_organization"),
    ],
    ids=["empty-json", "garbage", "not-found"],
)
def test_a_reply_that_is_not_the_organizations_api(capsys, wrong_endpoint, status, reply, why):
    server, endpoint, project = wrong_endpoint
    server.status, server.reply = status, reply
    assert _import(capsys, project) == (
        2,
        f"error: {endpoint} is not the AWS Organizations API: {why}; check AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_ORGANIZATIONS).",
    )
    assert not (project / "Pulumi.live.yaml").exists()


def test_a_reply_of_the_right_outline_and_the_wrong_content(capsys, wrong_endpoint):
    server, endpoint, project = wrong_endpoint
    server.reply = b'{"Organization": "yes", "Roots": []}'
    code, err = _import(capsys, project)
    assert (code, err.split(": a reply")[0]) == (2, f"error: {endpoint} is not the AWS Organizations API")


def test_a_server_that_never_answers_fails_within_the_bound(capsys, wrong_endpoint, monkeypatch):
    server, endpoint, project = wrong_endpoint
    server.delay = 10
    monkeypatch.setattr(live_client, "READ_TIMEOUT_SECONDS", 0.3)
    started = time.monotonic()
    code, err = _import(capsys, project)
    assert time.monotonic() - started < 5  # 2 reads of 0.3 s and botocore's one backoff of at most 2 s
    assert (code, err) == (
        2,
        f"error: describe_organization: {endpoint} did not answer within 5 s (connect) and 0.3 s (read), 2 attempts; check the "
        "network and AWS_ENDPOINT_URL.",
    )


def test_the_bound_of_a_dead_endpoint_is_under_a_minute():
    worst = live_client.HTTP_ATTEMPTS * (live_client.CONNECT_TIMEOUT_SECONDS + live_client.READ_TIMEOUT_SECONDS)
    # botocore's standard mode waits a random part of 2**n seconds before its retry n.
    backoff = sum(2**retry for retry in range(1, live_client.HTTP_ATTEMPTS))
    assert worst + backoff == 42
