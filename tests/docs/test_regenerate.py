"""`python -m doc_examples regenerate`: rewrites exactly the output lines that changed, atomically."""

import shutil
from pathlib import Path

import pytest

from doc_examples.pages import DOCS, pages
from doc_examples.regenerate import regenerate, write_atomically
from reference_impl.handlers import resources


def copy_pages(target: Path) -> list[Path]:
    """Copy every page into target and return the copies."""
    target.mkdir()
    return [Path(shutil.copy(page, target / page.name)) for page in pages()]


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    """Pair the lines that differ between two texts of the same length."""
    assert before.count("\n") == after.count("\n"), "regenerate changed the number of lines"
    return [(old, new) for old, new in zip(before.split("\n"), after.split("\n")) if old != new]


def test_clean_tree_unchanged(tmp_path: Path) -> None:
    copies = copy_pages(tmp_path / "docs")

    changed = regenerate(copies)

    assert changed == [], (
        f"Pages whose shown output differs from the reference server: {[page.name for page in changed]}. "
        "The failing example tests say where; run make regenerate if the server changed on purpose."
    )
    for copy in copies:
        assert copy.read_bytes() == (DOCS / copy.name).read_bytes()


def test_server_change_updates_affected_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = resources.project_resource

    def renamed_project(call, project):  # noqa: ANN001, ANN202 - same signature as the patched handler helper
        shape = original(call, project)
        return {**shape, "name": "Support Desk"} if shape["key"] == "SUP" else shape

    monkeypatch.setattr(resources, "project_resource", renamed_project)
    copies = copy_pages(tmp_path / "docs")
    acli = tmp_path / "docs" / "acli.md"

    changed = regenerate(copies)

    assert changed == [acli]
    lines = changed_lines((DOCS / "acli.md").read_text(encoding="utf-8"), acli.read_text(encoding="utf-8"))
    assert lines == [('"SUP","Support","10001","business"', '"SUP","Support Desk","10001","business"')] * 2


def test_wrong_python_output_rewritten(tmp_path: Path) -> None:
    page = Path(shutil.copy(DOCS / "zapier.md", tmp_path / "zapier.md"))
    page.write_text(page.read_text(encoding="utf-8").replace("#> someuser", "#> somebody-else"), encoding="utf-8")

    regenerate([page])

    assert page.read_bytes() == (DOCS / "zapier.md").read_bytes()


def test_atomic_write_keeps_mode(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o640)

    write_atomically(path, "new\n")

    assert path.read_text(encoding="utf-8") == "new\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [entry.name for entry in tmp_path.iterdir()] == ["page.md"]


def test_failed_write_leaves_original(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text("old\n", encoding="utf-8")

    with pytest.raises(TypeError):
        write_atomically(path, None)  # type: ignore[arg-type]

    assert path.read_text(encoding="utf-8") == "old\n"
    assert [entry.name for entry in tmp_path.iterdir()] == ["page.md"]
