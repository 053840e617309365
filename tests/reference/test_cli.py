"""The `python -m reference_impl serve` command: base URL on stdout, one log line per request, clear errors."""

import re
import selectors
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.reference.conftest import REQUEST_TIMEOUT_SECONDS, basic_header, config_text

REPO_ROOT = Path(__file__).resolve().parents[2]
# Bounds a server that never starts or never stops. No test asserts how fast it does either.
PROCESS_TIMEOUT_SECONDS = 30
URL_LINE = re.compile(r"http://127\.0\.0\.1:(\d+)")
REQUEST_LINE = re.compile(r"(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (\S+) (\d{3}) user=(\S+)$")
TOKENS = "/rest/de.resolution.apitokenauth/latest/user/token"


@dataclass
class ServeProcess:
    """A running `serve` command, its base URL and, once stopped, everything it wrote."""

    process: subprocess.Popen[str]
    url: str
    stdout: str = ""
    stderr: str = ""
    session: requests.Session = field(default_factory=requests.Session)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        """Send a GET request to the server."""
        return self.session.get(f"{self.url}{path}", timeout=REQUEST_TIMEOUT_SECONDS, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        """Send a POST request to the server."""
        return self.session.post(f"{self.url}{path}", timeout=REQUEST_TIMEOUT_SECONDS, **kwargs)

    def stop(self) -> None:
        """Interrupt the server as Ctrl+C does, wait for it to exit and keep what it wrote."""
        self.session.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            stdout, stderr = self.process.communicate(timeout=PROCESS_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            stdout, stderr = self.process.communicate()
        self.stdout += stdout
        self.stderr += stderr

    def request_lines(self) -> list[tuple[str, str, str, str]]:
        """Return (method, path, status, user) of each request line the server logged."""
        lines = []
        for line in self.stderr.splitlines():
            match = REQUEST_LINE.search(line)
            if match:
                method, path, status, user = match.groups()
                lines.append((method, path, status, user))
        return lines


def start_command(*arguments: str) -> subprocess.Popen[str]:
    """Start `python -m reference_impl` with the given arguments and pipes for its output."""
    return subprocess.Popen(
        [sys.executable, "-m", "reference_impl", *arguments],
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def read_first_line(process: subprocess.Popen[str]) -> str:
    """Read the first line of stdout, waiting at most PROCESS_TIMEOUT_SECONDS for it."""
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout=PROCESS_TIMEOUT_SECONDS):
            raise TimeoutError(f"serve printed nothing within {PROCESS_TIMEOUT_SECONDS} s")
    return process.stdout.readline()


@contextmanager
def serving(*arguments: str) -> Iterator[ServeProcess]:
    """Run `serve` with the arguments until the block ends, then stop it."""
    process = start_command("serve", *arguments)
    try:
        first_line = read_first_line(process)
        served = ServeProcess(process, first_line.strip(), stdout=first_line)
        served.session.trust_env = False
        yield served
        served.stop()
    finally:
        # Reached with the process still running only when the block or the start failed.
        if process.poll() is None:
            process.kill()
            process.communicate()


def run_to_exit(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Run a command that is expected to exit on its own, such as `serve` with a bad configuration."""
    return subprocess.run(
        [sys.executable, "-m", "reference_impl", *arguments],
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=PROCESS_TIMEOUT_SECONDS,
        check=False,
    )


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """A configuration file with the test users."""
    path = tmp_path / "reference.toml"
    path.write_text(config_text(), encoding="utf-8")
    return path


def port_of(url: str) -> int:
    """Return the port of a base URL that serve printed, failing when the URL is not on 127.0.0.1."""
    match = URL_LINE.fullmatch(url)
    assert match is not None, f"serve printed {url!r}, not a base URL on 127.0.0.1"
    return int(match.group(1))


def listening_addresses(port: int) -> set[str]:
    """Return the local IPv4 addresses, as hex from /proc/net/tcp, that listen on a port."""
    table = Path("/proc/net/tcp")
    if not table.exists():
        pytest.skip("reading listening sockets needs Linux's /proc/net/tcp")
    addresses = set()
    for line in table.read_text().splitlines()[1:]:
        columns = line.split()
        address, port_hex = columns[1].split(":")
        if int(port_hex, 16) == port and columns[3] == "0A":  # 0A is TCP_LISTEN
            addresses.add(address)
    return addresses


# A running server


def test_serve_prints_base_url_first(config_file: Path) -> None:
    with serving("--config", str(config_file)) as served:
        response = served.get("/reference-api/ready")

    assert URL_LINE.fullmatch(served.url)
    assert served.stdout.splitlines()[0] == served.url
    assert response.json() == {"ready": True, "product": "jira", "data": str(config_file)}


def test_serve_binds_loopback_by_default(config_file: Path) -> None:
    with serving("--config", str(config_file)) as served:
        port = port_of(served.url)
        addresses = listening_addresses(port)

    assert addresses == {"0100007F"}  # 127.0.0.1 in /proc/net/tcp's byte order


def test_serve_without_config_uses_demo_data() -> None:
    with serving() as served:
        response = served.get("/reference-api/ready")

    assert response.json()["data"] == "demo.toml"


def test_serve_product_option_overrides_config(config_file: Path) -> None:
    with serving("--config", str(config_file), "--product", "confluence") as served:
        ready = served.get("/reference-api/ready")
        current = served.get("/rest/api/user/current")

    assert ready.json()["product"] == "confluence"
    assert current.status_code == 200


def test_serve_logs_one_line_per_request(config_file: Path) -> None:
    with serving("--config", str(config_file)) as served:
        served.get("/reference-api/ready")
        served.get("/rest/api/2/myself", headers=basic_header("someuser", "someuser-password"))
        served.get("/rest/api/2/myself", headers=basic_header("someuser", "wrong-secret"))
        served.post("/reference-api/reset")

    assert served.request_lines() == [
        ("GET", "/reference-api/ready", "200", "-"),
        ("GET", "/rest/api/2/myself", "200", "someuser"),
        ("GET", "/rest/api/2/myself", "401", "-"),
        ("POST", "/reference-api/reset", "200", "-"),
    ]


def test_serve_log_holds_no_secret(config_file: Path) -> None:
    with serving("--config", str(config_file)) as served:
        created = served.post(
            TOKENS, json={"tokenDescription": "CLI test"}, headers=basic_header("someuser", "someuser-password")
        )
        secret = created.json()["plainTextToken"]
        served.get("/rest/api/2/myself", headers=basic_header("someuser", secret))
        served.get("/rest/api/2/user", params={"username": secret}, headers=basic_header("someuser", secret))

    output = served.stdout + served.stderr
    secret_logged = secret in output
    password_logged = "someuser-password" in output
    assert not secret_logged, "the server output contains a token secret"
    assert not password_logged, "the server output contains a password"
    assert ("GET", "/rest/api/2/user", "404", "someuser") in served.request_lines()


def test_serve_warns_about_colliding_application(tmp_path: Path) -> None:
    path = tmp_path / "colliding.toml"
    colliding = '[[applications]]\nname = "someuser"\npassword = "application-password"\n'
    path.write_text(config_text(app="disable_password_basic_auth = true", extra=colliding), encoding="utf-8")

    with serving("--config", str(path)) as served:
        pass

    assert "User-server application 'someuser' has the name of a user" in served.stderr


def test_serve_stops_cleanly_on_interrupt(config_file: Path) -> None:
    with serving("--config", str(config_file)) as served:
        pass

    assert served.process.returncode == 0
    assert served.stderr.rstrip().endswith("Stopped")
    assert "Traceback" not in served.stderr


def test_serve_stops_cleanly_on_terminate(config_file: Path) -> None:
    with serving("--config", str(config_file)) as served:
        served.process.send_signal(signal.SIGTERM)

    assert served.process.returncode == 0
    assert served.stderr.rstrip().endswith("Stopped")


def test_serve_log_line_break_in_path_encoded(config_file: Path) -> None:
    with serving("--config", str(config_file)) as served:
        served.get("/nope%0a2026-01-01 GET /fake 200 user=admin")

    assert ("GET", "/nope%0A2026-01-01%20GET%20/fake%20200%20user=admin", "404", "-") in served.request_lines()
    assert not any(path == "/fake" for _, path, _, _ in served.request_lines())


# Commands that must fail with a clear message


def test_bad_config_exits_with_message(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[app]\nallow_bearer = "yes"\n', encoding="utf-8")

    completed = run_to_exit("serve", "--config", str(path))

    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.strip() == f"error: {path}: 'app.allow_bearer' must be of type bool, not 'yes'."


def test_missing_config_exits_with_message(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"

    completed = run_to_exit("serve", "--config", str(path))

    assert completed.returncode == 2
    assert completed.stderr.startswith(f"error: {path}: cannot read the configuration file")
    assert "Traceback" not in completed.stderr


def test_invalid_toml_exits_with_message(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[app\n", encoding="utf-8")

    completed = run_to_exit("serve", "--config", str(path))

    assert completed.returncode == 2
    assert f"error: {path}: not valid TOML" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_port_in_use_exits_with_message(config_file: Path) -> None:
    with serving("--config", str(config_file)) as served:
        port = port_of(served.url)
        completed = run_to_exit("serve", "--config", str(config_file), "--port", str(port))

    assert completed.returncode == 1
    assert f"error: cannot listen on 127.0.0.1:{port}" in completed.stderr
    assert "Pick another --port" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_unknown_product_exits_with_usage() -> None:
    completed = run_to_exit("serve", "--product", "bitbucket")

    assert completed.returncode == 2
    assert "invalid choice: 'bitbucket'" in completed.stderr
    assert "Traceback" not in completed.stderr
