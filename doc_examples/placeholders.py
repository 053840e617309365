"""The one table that maps the placeholders readers see to the values the tests use."""

from dataclasses import dataclass
from pathlib import Path

import yaml

from doc_examples.fences import REPOSITORY

TABLE = REPOSITORY / "placeholders.yml"
VALUE_KINDS = ("server_url", "token_of", "literal")


@dataclass(frozen=True)
class Placeholder:
    """A placeholder and the rule for its test value: `server_url`, `token_of <user>` or `literal <text>`."""

    shown: str
    value: str
    product: str | None = None
    # The site's reader value shown in its place (jira_url, confluence_url, user_name); the tests ignore it.
    reader: str | None = None

    @property
    def kind(self) -> str:
        """Return the kind of test value."""
        return self.value.split(" ", 1)[0]

    @property
    def argument(self) -> str:
        """Return what follows the kind: the user name or the literal text."""
        return self.value.split(" ", 1)[1] if " " in self.value else ""


def load_table(path: Path = TABLE) -> list[Placeholder]:
    """Read and check the placeholder table."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["placeholders"]
    table = [
        Placeholder(entry["shown"], entry["value"], entry.get("product"), entry.get("reader")) for entry in entries
    ]
    for placeholder in table:
        if placeholder.kind not in VALUE_KINDS:
            raise ValueError(f"{path}: the value {placeholder.value!r} of {placeholder.shown!r} must start with one of {VALUE_KINDS}.")
    return table


class Substitution:
    """Forward replacement of placeholders by test values, and the reverse for output."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        # Longer placeholders first, so that no placeholder is replaced inside a longer one.
        self.pairs = sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)

    def restricted_to(self, text: str) -> "Substitution":
        """Keep only the placeholders that occur in text, so output maps back to the ones the reader saw."""
        return Substitution([(shown, value) for shown, value in self.pairs if shown in text])

    def forward(self, text: str) -> str:
        """Put test values in place of placeholders."""
        for shown, value in self.pairs:
            text = text.replace(shown, value)
        return text

    def backward(self, text: str) -> str:
        """Put placeholders back in place of test values, for comparing output with the page."""
        for shown, value in sorted(self.pairs, key=lambda pair: len(pair[1]), reverse=True):
            text = text.replace(value, shown)
        return text
