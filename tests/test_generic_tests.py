"""The project's own dbt generic tests find what they are for (a test that cannot fail checks nothing)."""

import json

from orchestration.settings import Settings
from tests.dbt_invocation import invoke
from tests.harness import TEST_KEY


def failures(tmp_path, test: str, relation: str, **arguments) -> list[dict]:
    """The rows `test` returns on `relation` (each row is a failure), through `dbt show`."""
    settings = Settings(raw_dir=tmp_path / "raw", data_dir=tmp_path / "data")
    settings.data_dir.mkdir()
    env = {**settings.dbt_env(), "SCRUTINY_PSEUDONYMISATION_KEY": TEST_KEY}
    call = f"{{{{ test_{test}(model={relation!r}, **{arguments!r}) }}}}"
    result = invoke(["show", "--inline", call, "--output", "json", "--limit", "100"], env, tmp_path)
    assert result.success, result.output[-3000:]
    shown = json.loads(result.output[result.output.index("{") :])
    return shown["show"]


def test_not_null_columns_names_each_column_with_blanks_and_how_many(tmp_path):
    people = "(select * from (values (1, null, 'x'), (null, null, 'y'), (3, 4, 'z')) as t (a, b, c))"
    rows = failures(tmp_path, "not_null_columns", people, columns=["a", "b", "c"])
    assert sorted((row["blank_column"], row["blank_rows"]) for row in rows) == [("a", 1), ("b", 2)]


def test_not_null_columns_passes_a_relation_without_blanks(tmp_path):
    filled = "(select * from (values (1, 'x'), (2, 'y')) as t (a, c))"
    assert failures(tmp_path, "not_null_columns", filled, columns=["a", "c"]) == []
