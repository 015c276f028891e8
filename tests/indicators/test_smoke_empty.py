"""A warehouse with no deliveries at all still builds, with empty marts."""

from orchestration.settings import indicator_ids


def test_no_deliveries_builds_empty_marts(extracts, postcode_dir):
    build = extracts.build(postcode_dir)
    assert build.query("select count(*) from marts.indicator_values") == [(0,)]
    assert build.query("select count(*) from marts.indicators") == [(len(indicator_ids()),)]
