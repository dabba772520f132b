"""stp-desk: the governance record of a Health and Wellbeing Board's STP footprint."""

__version__ = "0.1.0"  # the one place the version is written; pyproject.toml reads it from here
