"""The project's own dbt generic test finds what it is for (a test that cannot fail checks nothing)."""

import json

from orchestration.settings import Settings
from tests.dbt_invocation import invoke
from tests.harness import TEST_KEY


def failures(tmp_path, test: str, relation: str, **arguments) -> list[dict]:
    """The rows `test` returns on `relation` (each row is a failure), through `dbt show`."""
    settings = Settings(raw_dir=tmp_path / "raw", data_dir=tmp_path / "data")
    settings.data_dir.mkdir(exist_ok=True)
    env = {**settings.dbt_env(), "SCRUTINY_PSEUDONYMISATION_KEY": TEST_KEY}
    call = f"{{{{ test_{test}(model={relation!r}, **{arguments!r}) }}}}"
    result = invoke(["show", "--inline", call, "--output", "json", "--limit", "100"], env, tmp_path)
    assert result.success, result.output[-3000:]
    shown = json.loads(result.output[result.output.index("{") :])
    return shown["show"]


# Rows (a, b, c, code): a key and a pair repeated, blanks, a value and a code off their lists.
ROWS = """(select * from (values
    (1, 1, 'x', 'Y'), (1, 1, 'y', 'Y'), (2, null, 'z', 'Z'), (null, 4, 'x', null), (null, 5, 'w', 'A'),
    (3, 6, 'x', 'A')
) as t (a, b, c, code))"""


def broken(tmp_path, **rules) -> list[tuple]:
    return sorted(
        (r["problem"], r["column_name"], r["failing_rows"]) for r in failures(tmp_path, "well_formed", ROWS, **rules)
    )


def test_well_formed_counts_the_rows_breaking_each_rule(tmp_path):
    """By hand: a = 1 twice (2 rows; the two blank a's are not a repeat of a one-column key);
    a blank twice, b once; c 'w' is not x, y or z; code 'Z' is not an EHC assessment outcome (Y, N, A, W, H) (a
    blank code is allowed); and the pair (a, b) = (1, 1) twice."""
    assert broken(
        tmp_path,
        key=["a"],
        required=["a", "b", "c"],
        accepted={"c": ["x", "y", "z"]},
        schema_codes={
            "code": {"source": "ehcp", "table": "ssd_ehcp_assessment", "raw_column": "ehca_ehcp_assessment_outcome"}
        },
    ) == [
        ("blank", "a", 2),
        ("blank", "b", 1),
        ("code not in schemas/ehcp.py", "code", 1),
        ("repeated key", "a", 2),
        ("value not accepted", "c", 1),
    ]
    assert broken(tmp_path, key=["a", "b"]) == [("repeated key", "a, b", 2)]


def test_well_formed_passes_a_relation_that_keeps_its_rules(tmp_path):
    assert broken(tmp_path, key=["c", "code"], required=["c"], accepted={"a": [1, 2, 3]}) == []
