"""Build the site with the real MkDocs, from the repository or from a copy with one change."""

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from doc_examples.fences import REPOSITORY

# Left out of copies of the project: environments, caches and build output.
NOT_COPIED = (".git", ".venv", "site", "__pycache__", ".pytest_cache", "node_modules", "*.egg-info")


@dataclass(frozen=True)
class Build:
    """The result of one `mkdocs build --strict`."""

    returncode: int
    output: str
    site: Path


def build_site(project: Path, site: Path) -> Build:
    """Run `mkdocs build --strict` in a project folder; includes resolve from that folder."""
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Build(completed.returncode, completed.stdout + completed.stderr, site)


def copy_project(target: Path) -> Path:
    """Copy the project, without environments and caches, into target, so a test can change it."""
    shutil.copytree(REPOSITORY, target, ignore=shutil.ignore_patterns(*NOT_COPIED))
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Build the repository's site once per test session."""
    build = build_site(REPOSITORY, tmp_path_factory.mktemp("site"))
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.output}"
    return build
