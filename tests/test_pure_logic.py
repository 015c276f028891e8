"""Pure logic in orchestration/lib: dates, quarters, pseudonyms, header names."""

from datetime import date

import pytest

from orchestration.lib.dates import parse_one
from orchestration.lib.periods import label_from_slug, parse_quarter, previous_quarter, quarter_of
from orchestration.lib.pseudonymise import pseudonym
from schemas import collection_year, normalise_name


@pytest.mark.parametrize(
    "text, serial_ok, expected",
    [
        ("2025-09-30", False, "2025-09-30"),
        ("2025-09-30 23:59:59", False, "2025-09-30"),
        ("30/09/2025", False, "2025-09-30"),
        (" 01/02/2024 ", False, "2024-02-01"),
        ("29/02/2024", False, "2024-02-29"),
        ("29/02/2025", False, None),  # not a day
        ("2025-09-30 24:00:00", False, None),
        ("1/2/2024", False, None),  # dd/mm/yyyy means two digits each
        ("09/30/2025", False, None),  # American order
        ("2025/09/30", False, None),
        ("30-09-2025", False, None),
        ("2022-Sep-28 00:00:00", False, None),
        ("45930", False, None),  # a serial only counts in a workbook
        ("45930", True, "2025-09-30"),
        ("45930.75", True, "2025-09-30"),
    ],
)
def test_date_formats(text, serial_ok, expected):
    assert parse_one(text, allow_serial=serial_ok) == expected


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2025, 4, 1), (2025, 1)),
        (date(2025, 6, 30), (2025, 1)),
        (date(2025, 7, 1), (2025, 2)),
        (date(2025, 12, 31), (2025, 3)),
        (date(2026, 1, 1), (2025, 4)),
        (date(2026, 3, 31), (2025, 4)),
    ],
)
def test_financial_quarters(day, expected):
    assert quarter_of(day) == expected


def test_quarter_arguments():
    assert label_from_slug("2025-26-Q2") == "2025/26 Q2"
    assert previous_quarter(date(2025, 10, 3)) == (2025, 2)
    assert previous_quarter(date(2025, 4, 5)) == (2024, 4)
    for bad in ("2025-27-Q2", "2025-26-Q5", "2025/26 Q2", "Q2"):
        with pytest.raises(ValueError, match="like 2025-26-Q2"):
            parse_quarter(bad)


def test_collection_years():
    assert collection_year("2025-03-31") == "2024-25"
    assert collection_year("2025-04-01") == "2025-26"


def test_header_names_are_matched_loosely():
    assert normalise_name("  Place \u2013 Provider ") == "place_provider"
    assert normalise_name("LA_Person__Unique - Identifier") == "la_person_unique_identifier"
    assert normalise_name("TypeOfEstablishment (code)") == "typeofestablishment_(code)"


def test_pseudonyms_are_keyed_stable_and_normalised():
    assert pseudonym(b"k", " ab1 ") == pseudonym(b"k", "AB1")
    assert pseudonym(b"k", "AB1") != pseudonym(b"other", "AB1")
    assert pseudonym(b"k", "") is None and pseudonym(b"k", None) is None
    assert len(pseudonym(b"k", "AB1")) == 20
