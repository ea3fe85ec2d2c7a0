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
import os
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def results_dir() -> Path:
    """benchmarks/results/, or benchmarks/results/quick/ for a run at small sizes (BENCH_QUICK=1, as
    run_all --quick sets): a quick run never overwrites the figures of the README."""
    return RESULTS / "quick" if os.environ.get("BENCH_QUICK") == "1" else RESULTS


def row(
    benchmark: str,
    figure: str,
    value: float,
    unit: str,
    *,
    baseline: float | None = None,
    ratio: float | None = None,
    target: str | float | None = "",
    met: bool | None = None,
    queries: int | None = None,
    higher_is_better: bool = True,
) -> dict:
    """One row. `target` is either the text ("≤ 1.3", "≥ 0.5", "≤ 1.3, same queries") or a number:
    a floor of the ratio when `higher_is_better`, a ceiling otherwise. When `met` is not given it is
    computed from the ratio and the target's leading "≥ x" / "≤ x" (None without a ratio or target)."""
    if ratio is None and baseline:
        ratio = value / baseline
    if isinstance(target, int | float) and not isinstance(target, bool):
        target = f"{'≥' if higher_is_better else '≤'} {target:g}"
    target = target or ""
    if met is None and ratio is not None:
        met = target_met(target, ratio)
    out = {
        "benchmark": benchmark,
        "figure": figure,
        "value": round(value, 4) if isinstance(value, float) else value,
        "unit": unit,
        "baseline": round(baseline, 4) if isinstance(baseline, float) else baseline,
        "ratio": round(ratio, 3) if ratio is not None else None,
        "target": target,
        "met": met,
    }
    if queries is not None:
        out["queries"] = queries
    return out


def target_met(target: str, ratio: float) -> bool | None:
    """Whether `ratio` meets a target text starting "≥ x" or "≤ x"; None for any other text."""
    text = target.strip()
    if not text or text[0] not in "≥≤":
        return None
    number = text[1:].strip().split(",")[0].split()[0].rstrip("×")
    try:
        bound = float(number)
    except ValueError:
        return None
    return ratio >= bound if text[0] == "≥" else ratio <= bound


def write_json(name: str, rows: list[dict]) -> Path:
    results_dir().mkdir(parents=True, exist_ok=True)
    path = results_dir() / f"{name}.json"
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def write_results(name: str, lines: list[str], rows: list[dict]) -> Path:
    """Print `lines`, append them to benchmarks/results/<name>.txt (a run a paragraph, the history)
    and write this run's rows to <name>.json."""
    text = "\n".join(lines)
    print(text)
    results_dir().mkdir(parents=True, exist_ok=True)
    with (results_dir() / f"{name}.txt").open("a", encoding="utf-8") as fh:
        fh.write(text + "\n\n")
    return write_json(name, rows)


def read_json(name: str) -> list[dict]:
    path = results_dir() / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
