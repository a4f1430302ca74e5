"""The p50 / p95 table of docs/operations.md from `make bench-scale`'s output files.

python -m benchmarks._scale_table bench-output/scale-large-sqlite.txt bench-output/scale-large-postgresql.txt
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_LINE = re.compile(r"scale_http users=(\d+)\s+(.+?): p50 (\d+) ms, p95 (\d+) ms")


def table(paths: list[Path]) -> str:
    rows: dict[str, dict[str, str]] = {}
    columns = []
    for path in paths:
        database = path.stem.rsplit("-", 1)[-1]
        for match in _LINE.finditer(path.read_text()):
            users, label, p50, p95 = match.groups()
            column = f"{database}, {users} user{'s' if users != '1' else ''}"
            if column not in columns:
                columns.append(column)
            rows.setdefault(label, {})[column] = f"{int(p50):,} / {int(p95):,}"
    head = ["request", *columns]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for label, cells in rows.items():
        lines.append("| " + " | ".join([label, *(cells.get(c, "") for c in columns)]) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table([Path(p) for p in sys.argv[1:]]))
