"""MkDocs hooks that stop the build on a bad code fence or include, naming the page and line."""

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from doc_examples.fences import REPOSITORY, FenceSettingError
from doc_examples.pages import find_blocks

SNIPPETS = REPOSITORY / "snippets"


# Runs before mkdocs-macros, so the line numbers are those of the file the writer edits.
@event_priority(100)
def on_page_markdown(markdown: str, page, **_: object) -> str:  # noqa: ANN001 - MkDocs's Page
    """Check every fence's settings and included snippet of a page."""
    path = f"docs/{page.file.src_path}"
    try:
        blocks = find_blocks(markdown, path)
    except (ValueError, FenceSettingError) as error:
        raise PluginError(str(error)) from None
    for block in blocks:
        included = block.included_file
        if included is not None and not (SNIPPETS / included).is_file():
            raise PluginError(
                f"{path}:{block.line}: the include --8<-- \"{included}\" names no file under snippets/. "
                "Fix the path or add the file."
            )
    return markdown
