"""The rule registry is the one place a rule is stated: dbt's copies are generated from it,
every rule the dbt models implement is in it, and the schemas' rules are all there."""

from __future__ import annotations

import re

from orchestration.lib.validation import FIX
from orchestration.settings import DBT_PROJECT_DIR
from schemas import SOURCES
from schemas.dq_rules import FAMILIES, MACRO_PATH, SEED_PATH, SEVERITIES, macro_text, rules, seed_text

DQ_MODELS = DBT_PROJECT_DIR / "models" / "marts" / "data_quality"


def test_dbt_copies_are_generated_from_the_registry():
    assert SEED_PATH.read_text() == seed_text(), "run: python -m schemas.dq_rules"
    assert MACRO_PATH.read_text() == macro_text(), "run: python -m schemas.dq_rules"


def test_every_rule_is_complete_and_stated_once():
    found = rules()
    keys = [(r.code, r.source, r.table) for r in found]
    assert len(keys) == len(set(keys))
    for rule in found:
        assert rule.family in FAMILIES and rule.severity in SEVERITIES
        assert rule.description and rule.why and rule.fix
        assert rule.source in SOURCES
    assert {r.family for r in found} == set(FAMILIES) - {"dfe"}  # DfE rules come from the validator


def test_structure_rules_are_the_quarantine_codes_and_every_key_has_a_duplicate_rule():
    found = rules()
    structure = {r.code for r in found if r.family == "structure"}
    assert set(FIX) <= structure
    for source in SOURCES.values():
        for tables in source.versions.values():
            for table in tables.values():
                codes = {r.code for r in found if r.source == source.name and r.table == table.name}
                assert ("duplicate_key" in codes) == bool(table.key), table.name
                assert {rule.name for rule in table.row_rules} <= codes


def test_dbt_models_implement_exactly_the_stated_relational_rules():
    """Rule codes in the dq_hits calls of the DQ models, against the registry's hand-stated rules."""
    implemented = set()
    for path in DQ_MODELS.glob("dq_*.sql"):
        call = re.search(r"dq_hits\('(\w+)', '(\w+)', [^{]*\{(.*?)\}\) \}\}", path.read_text(), re.S)
        if call:
            source, table, body = call.groups()
            implemented |= {(code, source, table) for code in re.findall(r"^\s*'(\w+)':", body, re.M)}
    stated = {
        (r.code, r.source, r.table)
        for r in rules()
        if r.family in {"row", "cross_row", "cross_source", "reference"} and r.code != "duplicate_key"
    }
    assert implemented == stated
