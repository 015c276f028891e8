"""Which delivery of a snapshot source the figures use.

Three deliveries of 903 episodes: A (2025-07-03) one child, B (2025-08-03) two children, and
C (2025-09-03) byte-identical to A. C is the newest, so August's figures must come from C's
content (one child), which is stored once under A's file, never from B (two children).
"""

import shutil

from tests.harness import Extracts

HEADER = [
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
]
ONE = [["A1", "01/04/2025", "S", "C2", "N1", "U4", "PR1", "", "", "", "DT1 1AA", "BH15 4WA", ""]]
TWO = ONE + [["B1", "01/04/2025", "S", "C2", "N1", "U4", "PR1", "", "", "", "DT1 1AA", "DT1 3AT", ""]]


def test_newest_delivery_identical_to_an_older_one(extracts: Extracts, postcode_dir):
    first = extracts.write("ssda903", "2025-07-03", "episodes", HEADER, ONE)
    extracts.write("ssda903", "2025-08-03", "episodes", HEADER, TWO)
    (extracts.raw / "ssda903" / "2025-09-03").mkdir()
    shutil.copy(first, extracts.raw / "ssda903" / "2025-09-03" / "episodes.csv")
    build = extracts.build(postcode_dir)
    assert [f.status for f in build.outcomes["ssda903"].files] == ["loaded", "loaded", "duplicate"]
    # last month is August (the month before the 2025-09-03 delivery); one child, placed outside
    assert build.values("CS_LAC_OUTSIDE_LA_PCT")["2025-08"][:2] == (1, 1)


def test_newest_unreadable_falls_back_to_the_previous_delivery(extracts: Extracts, postcode_dir):
    extracts.write("ssda903", "2025-07-03", "episodes", HEADER, ONE)
    extracts.write("ssda903", "2025-08-03", "episodes", HEADER, TWO)
    (extracts.raw / "ssda903" / "2025-09-03").mkdir()
    (extracts.raw / "ssda903" / "2025-09-03" / "episodes.csv").write_bytes(b"")
    build = extracts.build(postcode_dir)
    assert [f.status for f in build.outcomes["ssda903"].files] == ["loaded", "loaded", "unreadable"]
    # figures come from B, the newest readable delivery: two children, one outside
    assert build.values("CS_LAC_OUTSIDE_LA_PCT")["2025-07"][:2] == (1, 2)
