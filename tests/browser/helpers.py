"""What several browser tests do: enter reader values, and compute what the examples should show with them."""

import re

from playwright.sync_api import Page

from doc_examples.placeholders import load_table

# Values a reader might enter; the example.test domain is reserved and never resolves.
READER_VALUES = {
    "jira_url": "https://jira.example.test/jira",
    "confluence_url": "https://wiki.example.test",
    "user_name": "jdoe",
}
STORAGE_KEY = "kb.reader-values"
# Pages whose examples keep the placeholders (front matter reader_values: false).
PLACEHOLDER_PAGES = {"reference-server/"}
# Placeholder text, by the reader value that replaces it (placeholders.yml, key reader).
READER_PLACEHOLDERS = {placeholder.shown: placeholder.reader for placeholder in load_table() if placeholder.reader}


def placeholder_pattern(shown: str) -> re.Pattern[str]:
    """Match a placeholder as a whole word: not inside someuser-password or https://your-jira.com.example."""
    return re.compile(rf"(?<![\w.-]){re.escape(shown)}(?![\w-]|\.\w)")


def personalise(text: str, values: dict[str, str]) -> str:
    """Replace the placeholders of a text with reader values, as the site shows them."""
    for shown in sorted(READER_PLACEHOLDERS, key=len, reverse=True):
        value = values.get(READER_PLACEHOLDERS[shown])
        if value:
            text = placeholder_pattern(shown).sub(value, text)
    return text


def enter_reader_values(page: Page, values: dict[str, str]) -> None:
    """Open the form under the title, fill in each field (empty clears it) and submit."""
    form = page.locator("details.kb-reader")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    for name, value in values.items():
        page.fill(f"#kb-reader-{name}", value)
    page.click("details.kb-reader button[type=submit]")


def code_texts(page: Page) -> list[str]:
    """Return the text of every code element of the article, the form's own note left out."""
    return page.eval_on_selector_all(
        "article code",
        "codes => codes.filter(code => !code.closest('[data-kb-reader]')).map(code => code.textContent)",
    )


def local_storage(page: Page) -> dict[str, str]:
    """Return every key and value of the page's localStorage."""
    return page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")
