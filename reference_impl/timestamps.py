"""Time stamps as the REST replies show them."""

from datetime import datetime


def iso_timestamp(moment: datetime | None) -> str | None:
    """Format a UTC time as ISO 8601 to the second with a Z suffix, or return None."""
    return None if moment is None else moment.isoformat(timespec="seconds").replace("+00:00", "Z")
