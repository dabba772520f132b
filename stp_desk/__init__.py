"""stp-desk: the governance record of a Health and Wellbeing Board's STP footprint."""

__version__ = "0.1.0"  # the one place the version is written; pyproject.toml reads it from here


def version_line() -> str:
    """What `stp-desk --version` prints."""
    return f"stp-desk {__version__}"
