"""stp-desk: the governance record of a Health and Wellbeing Board's STP footprint."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("stp-desk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.1.0"
