"""The benchmark's table arithmetic and the files a run leaves in bench/results/."""

from bench import results


def test_a_row_shows_median_spread_and_the_ratio_ours_over_peer():
    row = results.Row("report", "ms", [30.0, 10.0, 20.0], [8.0, 12.0, 10.0], "≤ 2× floor + 30 ms", True)
    _name, ours, spread, peer, ratio, _target, ok = row.cells()
    assert (ours, spread, peer, ratio, ok) == (
        "20.0 ms",
        "ours 10.0 – 30.0 ms; peer 8.0 – 12.0 ms",
        "10.0 ms",
        "2.00",
        "yes",
    )


def test_a_missing_feature_prints_not_available_instead_of_failing():
    row = results.Row("members list", "req/s", None, [12.0], "≥ 1× admin", None, "member_list not routed yet")
    assert row.cells()[1] == "not available"
    assert row.cells()[4] == "–"
    assert row.cells()[6] == "– (member_list not routed yet)"


def test_the_page_is_kept_as_latest_and_as_its_tier_and_query_counts_are_read_back(tmp_path, monkeypatch):
    monkeypatch.setattr(results, "RESULTS", tmp_path / "results")
    rows = [results.Row("SQL queries: home", "queries", [2], None, "same at district and nation")]
    output = results.page(
        rows,
        tier="district",
        summary={"members": 2061, "PostgreSQL": "15"},
        year=2025,
        org=101,
        repeat=1,
        export_repeat=1,
        clients=8,
        seconds=3,
        elapsed=65.2,
        note="smoke",
    )
    assert "- data: members 2,061, PostgreSQL 15" in output
    assert "- run took 65 s; smoke" in output
    assert output.endswith(
        "| SQL queries: home | 2 queries | – | not available | – | same at district and nation | – |\n"
    )
    results.save("district", output)
    assert (
        (tmp_path / "results/latest.md").read_text()
        == (tmp_path / "results/district.md").read_text()
        == output
    )
    assert results.query_counts("nation") == {}
    results.save_query_counts("nation", {"home": 2, "Biểu 2 (top unit)": 9})
    assert results.query_counts("nation") == {"home": 2, "Biểu 2 (top unit)": 9}
    assert "Biểu 2" in (tmp_path / "results/queries-nation.json").read_text()  # kept readable, not \u-escaped
