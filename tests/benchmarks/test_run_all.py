"""The benchmark runner's table and the one row convention (benchmarks/report.py), from sample rows:
no database, no network, no benchmark run."""

import json

import pytest

from benchmarks import report, run_all


def test_row_computes_the_ratio_and_whether_a_ceiling_is_met():
    r = report.row("sweeps", "case time limits", 30.0, "ms", baseline=10.0, target=3, higher_is_better=False)
    assert (r["ratio"], r["target"], r["met"]) == (3.0, "≤ 3", True)
    r = report.row("sweeps", "case time limits", 31.0, "ms", baseline=10.0, target=3, higher_is_better=False)
    assert r["met"] is False


def test_row_computes_whether_a_floor_is_met_from_the_target_text():
    r = report.row("check_load", "single check req/s", 40.0, "req/s", baseline=100.0, target="≥ 0.5")
    assert (r["ratio"], r["met"]) == (0.4, False)
    r = report.row("check_load", "single check req/s", 50.0, "req/s", baseline=100.0, target=0.5)
    assert (r["target"], r["met"]) == ("≥ 0.5", True)


def test_row_keeps_an_explicit_met_and_has_no_target_without_one():
    r = report.row(
        "list_pages", "case list p95", 12.0, "ms", baseline=10.0, target="≤ 1.3, same queries", met=False
    )
    assert r["met"] is False and r["ratio"] == 1.2
    assert report.row("load_mix", "failed requests", 0, "requests")["met"] is None
    assert set(report.row("x", "y", 1.0, "ms", queries=3)) == {
        "benchmark",
        "figure",
        "value",
        "unit",
        "baseline",
        "ratio",
        "target",
        "met",
        "queries",
    }


@pytest.mark.parametrize(
    ("target", "ratio", "met"),
    [("≤ 1.3", 1.31, False), ("≥ 1.7", 1.7, True), ("", 1, None), ("p95 < 1 s", 1, None)],
)
def test_target_met(target, ratio, met):
    assert report.target_met(target, ratio) is met


def test_table_has_a_line_per_row_with_value_baseline_ratio_and_met():
    rows = json.loads(
        json.dumps(
            [
                report.row("pdf_workers", "notices/s, 2 workers", 3.4, "notices/s", baseline=2.0, target=1.7),
                report.row(
                    "list_pages", "case list | state", 41.5, "ms", baseline=40.0, target="≤ 1.3", queries=7
                ),
            ]
        )
    )
    lines = run_all.table(rows).splitlines()
    assert len(lines) == 4
    assert (
        lines[2]
        == "| pdf_workers | notices/s, 2 workers | 3.40 notices/s | 2.00 notices/s | 1.70× | ≥ 1.7 | yes |  |"
    )
    assert lines[3] == "| list_pages | case list / state | 41.5 ms | 40.0 ms | 1.04× | ≤ 1.3 | yes | 7 |"


def test_every_script_of_benchmarks_is_listed_or_named_as_no_benchmark():
    scripts = {p.stem for p in run_all.HERE.glob("*.py")}
    listed = {name for name, *_ in run_all.BENCHMARKS}
    assert scripts - listed - run_all.NOT_BENCHMARKS == set()
    assert listed <= scripts
    assert {mode for *_, mode in run_all.BENCHMARKS} <= {"lists", "bench", "scratch", "own"}
