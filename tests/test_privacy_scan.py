"""The privacy scan finds a delivered value in any spelling in any scanned output, and never
looks inside the restricted layers (the scan itself: tests/privacy.py)."""

from __future__ import annotations

import duckdb

from tests.privacy import leaks, scanned_outputs

PERSON_HEADER = ["pers_person_id", "pers_forename", "pers_surname", "pers_dob", "pers_common_child_id", "pers_upn"]
PERSON = ["P0042137", "Poppy", "Jackson", "14/03/2016", "485 777 3456", "A123456789012"]
EPISODE_HEADER = ["CHILD", "DECOM", "HOME_POST", "PL_POST"]
EPISODE = ["C1234567", "01/04/2024", "DT1 1AA", "BH21 4QR"]


def _outputs(extracts, **files: str) -> dict:
    extracts.write("ssd", "2025-10-03", "ssd_person", PERSON_HEADER, [PERSON])
    extracts.write("ssda903", "2025-10-03", "episodes", EPISODE_HEADER, [EPISODE])
    for name, text in files.items():
        path = extracts.data / name.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return scanned_outputs(extracts.data)


def test_clean_outputs_have_no_leaks(extracts):
    outputs = _outputs(extracts, logs__run_1_log="ingest ssd: 1 file(s), 1 rows read, 0 quarantined\n")
    assert leaks(extracts.raw, outputs) == {}


def test_every_spelling_is_found(extracts):
    outputs = _outputs(
        extracts,
        **{
            "logs__a.log": "postcode DT11AA not found",  # without its space
            "logs__b.log": "born 2016-03-14",  # the dd/mm/yyyy date of birth, as ISO
            "logs__c.log": "nhs 4857773456",  # the NHS number without its spaces
            "reports__2025-26-Q2__dq_report.html": "<td>Poppy Jackson</td><td>bh21 4qr</td><td>BH21 4QR</td>",
        },
    )
    found = {name.rsplit("/", 1)[-1]: hits for name, hits in leaks(extracts.raw, outputs).items()}
    assert found == {
        "a.log": ["DT11AA"],
        "b.log": ["2016-03-14"],
        "c.log": ["4857773456"],
        "dq_report.html": ["BH21 4QR", "Poppy Jackson"],
    }


def test_the_mart_is_scanned_and_the_restricted_layers_are_not(extracts):
    restricted = {"reports__2025-26-Q2__restricted__dq_ssd.csv": "P0042137,A123456789012\n"}
    outputs = _outputs(extracts, **restricted)
    (extracts.data / "published").mkdir(parents=True)
    with duckdb.connect(str(extracts.data / "published" / "mart.duckdb")) as con:
        con.execute("create table dq_summary as select 'child C1234567 repeated' as description")
    with duckdb.connect(str(extracts.data / "warehouse.duckdb")) as con:
        con.execute("create table persons as select 'P0042137' as person_id")
    outputs = scanned_outputs(extracts.data)
    assert [name.rsplit("/", 1)[-1] for name in leaks(extracts.raw, outputs)] == ["mart.duckdb"]
    assert leaks(extracts.raw, outputs)[str(extracts.data / "published" / "mart.duckdb")] == ["C1234567"]
