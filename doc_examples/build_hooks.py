"""MkDocs hooks that stop the build on a bad code fence, include or link, naming the page and line."""

import logging
import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from doc_examples.fences import REPOSITORY, FenceSettingError
from doc_examples.inventory import account_for
from doc_examples.pages import find_blocks

SNIPPETS = REPOSITORY / "snippets"
logger = logging.getLogger("mkdocs.plugins.doc_examples")


# Runs before mkdocs-macros, so what it checks is what the writer wrote.
@event_priority(100)
def on_page_markdown(markdown: str, page, **_: object) -> str:  # noqa: ANN001 - MkDocs's Page
    """Check every fence's settings and included snippet of a page, and warn about blocks no test covers."""
    path = f"docs/{page.file.src_path}"
    # The file itself, front matter included, so that line numbers match the writer's editor.
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8") if page.file.abs_src_path else markdown
    try:
        blocks = find_blocks(source, path)
    except (ValueError, FenceSettingError) as error:
        raise PluginError(str(error)) from None
    for block in blocks:
        included = block.included_file
        if included is not None and not (SNIPPETS / included).is_file():
            raise PluginError(
                f"{path}:{block.line}: the include --8<-- \"{included}\" names no file under snippets/. "
                "Fix the path or add the file."
            )
        entry = account_for(block)
        if not entry.accounted:
            # A warning, which the strict build turns into a failure, as the tests would.
            logger.warning("%s:%s: %s. Make it run, or add exempt=\"<reason>\".", path, block.line, entry.coverage)
    return markdown


_LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")
_ELEMENT_ID = re.compile(r'\bid="(?P<id>[^"]+)"')


def on_env(env, config, files, **_: object):  # noqa: ANN001, ANN201 - MkDocs's types
    """Check every link between pages, with its line, once all pages are rendered and before any is written."""
    ids = {
        file.src_uri: set(_ELEMENT_ID.findall(file.page.content or ""))
        for file in files.documentation_pages()
        if file.page is not None
    }
    problems = []
    for file in files.documentation_pages():
        source = Path(file.abs_src_path).read_text(encoding="utf-8")
        problems += _broken_links(file.src_uri, source, ids)
    if problems:
        raise PluginError("Broken links:\n" + "\n".join(problems))
    return env


def _broken_links(page: str, source: str, ids: dict[str, set[str]]) -> list[str]:
    problems = []
    in_code = False
    for number, line in enumerate(source.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if in_code:
            continue
        for match in _LINK.finditer(line):
            problem = _link_problem(page, match["target"], ids)
            if problem:
                problems.append(f"docs/{page}:{number}: link '{match['target']}': {problem}")
    return problems


def _link_problem(page: str, target: str, ids: dict[str, set[str]]) -> str | None:
    if "://" in target or target.startswith("mailto:"):
        return None
    path, _, anchor = target.partition("#")
    if path and not path.endswith(".md"):
        return None
    linked = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    if linked not in ids:
        return f"there is no page docs/{linked}. Fix the path."
    if anchor and anchor not in ids[linked]:
        return f"docs/{linked} has no heading with the anchor #{anchor}. Use an anchor from that page."
    return None
