"""Settings that writers put on a code fence, checked the same way by the site build and by the tests.

A fence line such as ```` ```console server="user-server-name-collision" ```` carries settings as
`key="value"` pairs after the language. Besides pymdownx's own `title`, `hl_lines` and `linenums`, the
known settings are listed in SETTINGS; any other key fails the build and the tests.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from pymdownx.superfences import SuperFencesException, highlight_validator

REPOSITORY = Path(__file__).resolve().parent.parent
SERVER_CONFIGS = REPOSITORY / "snippets" / "reference-server"

# Setting name: what it does, for the error message.
SETTINGS = {
    "server": "runs the block against a reference server loaded from snippets/reference-server/<name>.toml",
    "exempt": "the tests do not run the block; the value says why, for readers of the source and the report",
}
HIGHLIGHT_SETTINGS = {"title", "hl_lines", "linenums", "title_mode"}
_SETTING = re.compile(r'(?P<key>[\w-]+)=(?P<quote>["\'])(?P<value>.*?)(?P=quote)')


class FenceSettingError(ValueError):
    """A fence setting that is unknown or has a value that cannot work."""


@dataclass(frozen=True)
class FenceSettings:
    """The settings of one fence that concern the tests."""

    server: str | None = None
    exempt: str | None = None

    def server_config(self) -> Path | None:
        """Return the configuration file of the block's server, or None for the demo data."""
        return None if self.server is None else SERVER_CONFIGS / f"{self.server}.toml"


def parse_info(info: str) -> tuple[str, FenceSettings]:
    """Split a fence's info string into its language and its settings."""
    language, _, rest = info.strip().partition(" ")
    values = {match["key"]: match["value"] for match in _SETTING.finditer(rest)}
    return language, check_settings(values)


def check_settings(values: dict[str, str]) -> FenceSettings:
    """Check settings by name and value, raising FenceSettingError with the fix."""
    ours = {key: value for key, value in values.items() if key not in HIGHLIGHT_SETTINGS}
    for key in ours:
        if key not in SETTINGS:
            known = ", ".join(f"{name} ({meaning})" for name, meaning in SETTINGS.items())
            raise FenceSettingError(f"Unknown code fence setting {key}={ours[key]!r}. Known settings: {known}.")
    settings = FenceSettings(**ours)
    if settings.exempt is not None and len(settings.exempt.split()) < 2:
        raise FenceSettingError(
            f"Code fence setting exempt={settings.exempt!r} needs a reason of a few words, "
            'such as exempt="sample of log output".'
        )
    config = settings.server_config()
    if config is not None and not config.is_file():
        raise FenceSettingError(
            f"Code fence setting server={settings.server!r} names no configuration: "
            f"{config.relative_to(REPOSITORY)} does not exist. Create it or fix the name."
        )
    return settings


def validate(language: str, inputs: dict, options: dict, attrs: dict, md) -> bool:  # noqa: ANN001 - pymdownx's signature
    """Check a fence's settings during the site build; an unknown setting stops the build."""
    ours = {key: value for key, value in inputs.items() if key not in HIGHLIGHT_SETTINGS}
    try:
        check_settings(ours)
    except FenceSettingError as error:
        raise SuperFencesException(f"Code fence ```{language}: {error}") from None
    highlight = {key: value for key, value in inputs.items() if key in HIGHLIGHT_SETTINGS}
    return highlight_validator(language, highlight, options, attrs, md)


def highlight(src: str, language: str, class_name: str, options: dict, md, **kwargs) -> str:  # noqa: ANN001
    """Render a fence with pymdownx's own highlighter, as a fence without settings would be."""
    return md.preprocessors["fenced_code_block"].highlight(src=src, language=language, options=options, md=md, **kwargs)
