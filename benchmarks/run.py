"""Print timing figures for the reference server and the example suite: `python benchmarks/run.py`.

Every request goes to a server this script starts on 127.0.0.1, and every loop has a fixed count.
"""

import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from reference_impl import Instance, load_demo_config, mocked_instance, running_server

REPOSITORY = Path(__file__).resolve().parent.parent
REQUESTS_PER_RUN = 500
IN_PROCESS_URL = "https://jira.reference.invalid"


def timed_requests(send: Callable[[], int], count: int) -> list[float]:
    """Send count requests one after the other and return each one's duration in seconds."""
    durations = []
    for _ in range(count):
        start = time.perf_counter()
        status = send()
        durations.append(time.perf_counter() - start)
        if status != 200:
            raise RuntimeError(f"Expected status 200, got {status}: the benchmark set-up is broken.")
    return durations


def describe(name: str, durations: list[float]) -> str:
    """Format request durations as throughput and percentiles."""
    ordered = sorted(durations)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return (
        f"{name}: {len(durations) / sum(durations):8.0f} requests/s, "
        f"median {statistics.median(durations) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms ({len(durations)} requests)"
    )


def token_request(session: requests.Session, url: str, secret: str) -> Callable[[], int]:
    """Build a request of /rest/api/2/myself with a valid token."""
    return lambda: session.get(f"{url}/rest/api/2/myself", auth=("someuser", secret), timeout=30).status_code


def bench_http() -> list[str]:
    """Measure token requests over real HTTP on loopback, one client and then 8 concurrent clients."""
    lines = []
    with running_server(load_demo_config()) as server, requests.Session() as session:
        _, secret = server.instance.create_token(server.instance.find_user("someuser"), "benchmark")
        send = token_request(session, server.url, secret)
        timed_requests(send, 20)
        lines.append(describe("HTTP, 1 client", timed_requests(send, REQUESTS_PER_RUN)))

        sessions = threading.local()

        def send_from_own_session(_: int) -> int:
            # requests.Session is not thread-safe, so each worker thread keeps its own.
            if not hasattr(sessions, "session"):
                sessions.session = requests.Session()
            return token_request(sessions.session, server.url, secret)()

        start = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(send_from_own_session, range(REQUESTS_PER_RUN)))
        elapsed = time.perf_counter() - start
        assert statuses == [200] * REQUESTS_PER_RUN, "A concurrent benchmark request failed."
        lines.append(f"HTTP, 8 clients: {REQUESTS_PER_RUN / elapsed:8.0f} requests/s ({REQUESTS_PER_RUN} requests)")
    return lines


def bench_in_process() -> str:
    """Measure token requests through the in-process responses transport."""
    instance = Instance(load_demo_config())
    _, secret = instance.create_token(instance.find_user("someuser"), "benchmark")
    with mocked_instance(instance, IN_PROCESS_URL), requests.Session() as session:
        send = token_request(session, IN_PROCESS_URL, secret)
        timed_requests(send, 20)
        return describe("in-process", timed_requests(send, REQUESTS_PER_RUN))


def bench_command(name: str, command: list[str]) -> str:
    """Time one run of a command of the project."""
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    outcome = "ok" if completed.returncode == 0 else f"failed with exit code {completed.returncode}"
    return f"{name}: {elapsed:.2f} s ({outcome})"


def main() -> int:
    """Run every benchmark and print one line per figure."""
    print(f"Python {sys.version.split()[0]}, {REQUESTS_PER_RUN} requests per run")
    for line in bench_http():
        print(line)
    print(bench_in_process())
    print(bench_command("mkdocs build --strict", [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", "/tmp/kb-benchmark-site"]))
    print(bench_command("every example (tests/docs)", [sys.executable, "-m", "pytest", "-q", "tests/docs"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
