"""The results convention every benchmark script follows, so that benchmarks/run_all.py can put
them in one table: a script writes benchmarks/results/<name>.json, a list of rows

    {"benchmark", "figure", "value", "unit", "baseline", "ratio", "target", "met", "queries"}

`value` is the figure measured (milliseconds, notices/s, …, in `unit`); `baseline` the figure it
is compared with, measured in the same run, and `ratio` value / baseline; `target` says in words
what the ratio must be (e.g. "≤ 1.3"), `met` whether it is (None where there is no target);
`queries` the SQL queries of one request where that is a figure (optional).

No Django here: run_all imports this module before any settings exist.
"""

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def row(
    benchmark: str,
    figure: str,
    value: float,
    unit: str,
    *,
    baseline: float | None = None,
    ratio: float | None = None,
    target: str = "",
    met: bool | None = None,
    queries: int | None = None,
) -> dict:
    if ratio is None and baseline:
        ratio = value / baseline
    out = {
        "benchmark": benchmark,
        "figure": figure,
        "value": round(value, 4),
        "unit": unit,
        "baseline": round(baseline, 4) if baseline is not None else None,
        "ratio": round(ratio, 3) if ratio is not None else None,
        "target": target,
        "met": met,
    }
    if queries is not None:
        out["queries"] = queries
    return out


def write_json(name: str, rows: list[dict]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def read_json(name: str) -> list[dict]:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
