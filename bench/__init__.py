"""Benchmarks for stp-desk: `python -m bench` prints the ratio table of issue 6 (see docs/performance.md)."""
