"""Service commentary for the exceptions report, one delivery per financial quarter
(`raw/commentary/2025-26-Q2/commentary.csv`): narrative and improvement actions per indicator.

Free text written by services about their performance; it is published with the exceptions
and should not name people.
"""

from __future__ import annotations

from schemas._spec import Col, Source, Table

COMMENTARY = Table(
    name="commentary",
    key=("indicator_id",),
    columns=(
        Col("indicator_id", required=True),
        Col("narrative", "free_text"),
        Col("actions", "free_text"),
    ),
)

SOURCE = Source(
    name="commentary",
    title="Service commentary",
    standard="service narratives for the exceptions report",
    mode="quarterly",
    versions={"2022-23": {"commentary": COMMENTARY}},
)
