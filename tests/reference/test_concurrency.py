"""Concurrent failed logins: every attempt is counted exactly once, through both transports and in the model.

The counter update is a read-modify-write of two fields. Under the GIL a plain `+= 1` is rarely interrupted,
so the tests also replace `LoginRecord.record_failure` with a version that yields between the read and the write.
That makes a missing lock show up as lost updates, which `test_racy_update_without_lock_loses_counts` confirms.
"""

import contextlib
import threading
import time
from collections.abc import Callable
from datetime import datetime

import pytest
import requests

from reference_impl import Instance, parse_config
from reference_impl.records import LoginRecord
from tests.reference.conftest import REQUEST_TIMEOUT_SECONDS, Client, basic_header, config_text

THREADS = 8
ATTEMPTS_PER_THREAD = 25
TOTAL_ATTEMPTS = THREADS * ATTEMPTS_PER_THREAD
# Bounds a thread that hangs. No test asserts how fast the threads finish.
JOIN_TIMEOUT_SECONDS = 120
WRONG = basic_header("someuser", "wrong-secret")


def run_in_threads(attempt: Callable[[], None]) -> None:
    """Run `attempt` ATTEMPTS_PER_THREAD times in each of THREADS threads that start together."""
    barrier = threading.Barrier(THREADS)
    errors: list[Exception] = []

    def work() -> None:
        try:
            barrier.wait(timeout=JOIN_TIMEOUT_SECONDS)
            for _ in range(ATTEMPTS_PER_THREAD):
                attempt()
        except Exception as error:  # noqa: BLE001 - re-raised in the test thread below
            errors.append(error)

    threads = [threading.Thread(target=work, name=f"attempts-{index}") for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "a worker thread did not finish"
    if errors:
        raise errors[0]


def send_wrong_secrets(client: Client) -> list[int]:
    """Send wrong Basic credentials from many threads, one session per thread, and return the statuses."""
    statuses: list[int] = []
    local = threading.local()

    def attempt() -> None:
        if not hasattr(local, "session"):
            local.session = requests.Session()
            local.session.trust_env = False
        response = local.session.get(f"{client.url}/rest/api/2/myself", headers=WRONG, timeout=REQUEST_TIMEOUT_SECONDS)
        statuses.append(response.status_code)

    run_in_threads(attempt)
    return statuses


def attempt_in_model(instance: Instance) -> Callable[[], None]:
    """Build one wrong Basic login attempt against the model, with no transport in between."""

    def attempt() -> None:
        instance.login_with_basic("someuser", "wrong-secret", address="127.0.0.1", method="GET", scope_exempt=False)

    return attempt


def racy_record_failure(self: LoginRecord, now: datetime) -> None:
    """Count a failure with a pause between reading and writing, so unsynchronised callers lose updates."""
    current, total = self.current_failed_count, self.total_failed_count
    time.sleep(0.0005)
    self.current_failed_count, self.total_failed_count = current + 1, total + 1
    self.last_failed_login = now


# The real counter update


def test_concurrent_failures_all_counted(client: Client) -> None:
    statuses = send_wrong_secrets(client)

    assert len(statuses) == TOTAL_ATTEMPTS
    assert client.record("someuser").total_failed_count == TOTAL_ATTEMPTS
    assert client.record("someuser").current_failed_count == TOTAL_ATTEMPTS


def test_concurrent_failures_cross_threshold_once(client: Client) -> None:
    statuses = send_wrong_secrets(client)

    assert statuses.count(401) == 3
    assert statuses.count(403) == TOTAL_ATTEMPTS - 3


def test_concurrent_failures_in_model_all_counted() -> None:
    instance = Instance(parse_config(config_text(), "test.toml"))

    run_in_threads(attempt_in_model(instance))

    assert instance.find_user("someuser").login.total_failed_count == TOTAL_ATTEMPTS


# A counter update that yields mid-way: only the model's lock keeps the count exact


def test_racy_update_under_lock_counted(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LoginRecord, "record_failure", racy_record_failure)

    send_wrong_secrets(client)

    assert client.record("someuser").total_failed_count == TOTAL_ATTEMPTS


def test_racy_model_update_under_lock_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LoginRecord, "record_failure", racy_record_failure)
    instance = Instance(parse_config(config_text(), "test.toml"))

    run_in_threads(attempt_in_model(instance))

    assert instance.find_user("someuser").login.total_failed_count == TOTAL_ATTEMPTS


def test_racy_update_without_lock_loses_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    # Shows that the two tests above can fail: without the lock, the same threads lose updates.
    monkeypatch.setattr(LoginRecord, "record_failure", racy_record_failure)
    instance = Instance(parse_config(config_text(), "test.toml"))
    monkeypatch.setattr(instance, "_lock", contextlib.nullcontext())

    run_in_threads(attempt_in_model(instance))

    assert instance.find_user("someuser").login.total_failed_count < TOTAL_ATTEMPTS
