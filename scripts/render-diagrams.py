#!/usr/bin/env python3
"""Render the Mermaid sources docs/diagrams/*.mmd to the SVG files that the pages show.

Usage, from the repository root after `make` has set up .venv:

    .venv/bin/python scripts/render-diagrams.py           # render every diagram
    .venv/bin/python scripts/render-diagrams.py --check   # exit 1 when an SVG is missing or older than its source

Rendering needs npm and Debian's Chromium (scripts/install-browser.sh installs it). It fetches the pinned
Mermaid package from the npm registry into a temporary folder, runs it in Chromium through Playwright
with every network request blocked, and writes docs/diagrams/NAME.svg with the sha256 of NAME.mmd in a
comment. The SVG files are committed, so building and serving the site needs neither Node nor a browser.
"""

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from doc_examples.chromium import CHROMIUM, CHROMIUM_FLAGS

REPOSITORY = Path(__file__).resolve().parent.parent
DIAGRAMS = REPOSITORY / "docs" / "diagrams"

MERMAID_VERSION = "12.3.0"
# The npm registry's integrity value of that version. fetch_mermaid rejects a tarball with another value.
MERMAID_INTEGRITY = "sha512-4113TdXeLAsMruJ79OpFL5O8+LTFXhQqZ260rF3tgUmiNAtRm4Uume04I+65PRN6yZ69J4f8rVYWW8zRk65UYw=="
MERMAID_CONFIG = {
    "startOnLoad": False,
    "securityLevel": "strict",
    "theme": "neutral",
    # Labels as SVG text, not HTML in <foreignObject>, so the file renders the same as an <img>.
    "htmlLabels": False,
    "fontFamily": "Helvetica, Arial, sans-serif",
}

SOURCE_HASH = re.compile(
    r"<!-- Rendered by scripts/render-diagrams\.py from (?P<name>\S+), source sha256: (?P<hash>[0-9a-f]{64})\. "
)
RENDER_TIMEOUT_MS = 60_000


def source_hash(source: Path) -> str:
    """Return the sha256 of a diagram source file, as the SVG records it."""
    return hashlib.sha256(source.read_bytes()).hexdigest()


def stale_diagrams() -> list[str]:
    """List the problems that make the committed SVG files differ from their sources."""
    problems = []
    for source in sorted(DIAGRAMS.glob("*.mmd")):
        svg = source.with_suffix(".svg")
        if not svg.is_file():
            problems.append(f"{svg.relative_to(REPOSITORY)} is missing")
            continue
        recorded = SOURCE_HASH.search(svg.read_text(encoding="utf-8"))
        if recorded is None or recorded["hash"] != source_hash(source):
            problems.append(f"{svg.relative_to(REPOSITORY)} was not rendered from the current {source.name}")
    for svg in sorted(DIAGRAMS.glob("*.svg")):
        if not svg.with_suffix(".mmd").is_file():
            problems.append(f"{svg.relative_to(REPOSITORY)} has no source {svg.with_suffix('.mmd').name}")
    return problems


def fetch_mermaid(folder: Path) -> str:
    """Download the pinned Mermaid package with npm, check its integrity and return dist/mermaid.min.js."""
    completed = subprocess.run(
        ["npm", "pack", f"mermaid@{MERMAID_VERSION}", "--json", "--pack-destination", str(folder)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"error: npm pack mermaid@{MERMAID_VERSION} failed:\n{completed.stderr}")
    packed = json.loads(completed.stdout)[0]
    if packed["integrity"] != MERMAID_INTEGRITY:
        raise SystemExit(
            f"error: mermaid@{MERMAID_VERSION} from the registry has integrity {packed['integrity']}, "
            f"expected {MERMAID_INTEGRITY}. Check the package before updating MERMAID_INTEGRITY."
        )
    with tarfile.open(folder / packed["filename"]) as archive:
        member = archive.extractfile("package/dist/mermaid.min.js")
        if member is None:
            raise SystemExit(f"error: mermaid@{MERMAID_VERSION} has no dist/mermaid.min.js")
        return member.read().decode("utf-8")


def render_all(mermaid_script: str, sources: list[Path]) -> dict[Path, str]:
    """Render each source to SVG markup in Chromium, with every network request blocked."""
    from playwright.sync_api import Route, sync_playwright

    blocked: list[str] = []

    def block(route: Route) -> None:
        blocked.append(route.request.url)
        route.abort()

    rendered = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(RENDER_TIMEOUT_MS)
            page.route("**/*", block)
            page.set_content("<!doctype html><html><head><title>render</title></head><body></body></html>")
            page.add_script_tag(content=mermaid_script)
            page.evaluate("config => mermaid.initialize(config)", MERMAID_CONFIG)
            for source in sources:
                rendered[source] = page.evaluate(
                    "async ([id, text]) => (await mermaid.render(id, text)).svg",
                    [source.stem, source.read_text(encoding="utf-8")],
                )
        finally:
            browser.close()
    if blocked:
        raise SystemExit(f"error: Mermaid tried to load other resources, which were blocked: {blocked}")
    return rendered


def finish_svg(markup: str, source: Path) -> str:
    """Give the SVG a fixed size from its viewBox and record the source's name and hash in a comment."""
    opening = re.match(r"<svg\b[^>]*>", markup)
    if opening is None:
        raise SystemExit(f"error: Mermaid returned no <svg> element for {source.name}")
    tag = opening.group(0)
    view_box = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', tag)
    if view_box is None:
        raise SystemExit(f"error: the SVG of {source.name} has no viewBox")
    width, height = (round(float(number)) for number in view_box.groups())
    # Mermaid sizes the SVG to its container with width="100%" and a max-width style. As an image, it needs
    # an intrinsic size instead, which Material's stylesheet scales down on narrow screens (max-width: 100%).
    tag = re.sub(r'\swidth="[^"]*"', "", tag)
    tag = re.sub(r'\sstyle="[^"]*"', "", tag)
    tag = tag.replace("<svg", f'<svg width="{width}" height="{height}"', 1)
    comment = (
        f"<!-- Rendered by scripts/render-diagrams.py from {source.name}, source sha256: {source_hash(source)}. "
        f"Edit {source.name} and run the script again; do not edit this file. -->"
    )
    return tag + comment + markup[opening.end() :] + "\n"


def main(argv: list[str] | None = None) -> int:
    """Render every diagram, or with --check report the SVG files that are missing or stale."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report SVG files that are missing or stale")
    arguments = parser.parse_args(argv)

    if arguments.check:
        problems = stale_diagrams()
        for problem in problems:
            print(f"{problem}. Run: .venv/bin/python scripts/render-diagrams.py", file=sys.stderr)
        return 1 if problems else 0

    if not CHROMIUM.is_file():
        raise SystemExit(f"error: {CHROMIUM} is missing. Install it with scripts/install-browser.sh (as root).")
    sources = sorted(DIAGRAMS.glob("*.mmd"))
    with tempfile.TemporaryDirectory(prefix="mermaid-") as folder:
        mermaid_script = fetch_mermaid(Path(folder))
    for source, markup in render_all(mermaid_script, sources).items():
        svg = source.with_suffix(".svg")
        svg.write_text(finish_svg(markup, source), encoding="utf-8")
        print(f"wrote {svg.relative_to(REPOSITORY)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
