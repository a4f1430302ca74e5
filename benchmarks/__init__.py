"""Performance benchmarks (not tests): `make bench` runs `python -m benchmarks`.

Each module here defines `run(args) -> list[str]` and prints nothing else of
note; the runner sets Django up once on a throwaway database, runs every
module (or those named on the command line) and prints their result lines.
Absolute times drift on shared machines: quote ratios measured in one run.
"""
