"""Keep what each publish published: `history.published_indicator_values` in the warehouse.

After the mart is swapped in, its indicator_values are appended with each indicator's source
delivery (the newest delivery of that source). The next run's `restatements` model compares
its figures with the last publish made from an older delivery. A republish from the same
delivery replaces that delivery's rows, so the history holds one publish per delivery."""

from __future__ import annotations

from pathlib import Path

from orchestration.lib.warehouse import connect


def record_published(warehouse: Path, mart: Path) -> int:
    """Append the published figures; returns the number of rows recorded."""
    with connect(warehouse) as con:
        con.execute("attach ? as mart (read_only)", [str(mart)])
        try:
            con.execute(
                """
                create temp table published as
                select now()::timestamp as published_at, figures.indicator_id, catalogue.source,
                    deliveries.delivery as source_delivery, figures.period_type, figures.period_label,
                    figures.period_start, figures.period_end, figures.numerator, figures.denominator, figures.value
                from mart.main.indicator_values as figures
                join mart.main.indicators as catalogue using (indicator_id)
                join (
                    select source, max(delivery) as delivery from meta.file_register
                    where status in ('loaded', 'duplicate') group by source
                ) as deliveries on deliveries.source = catalogue.source
                """
            )
            con.execute(
                "delete from history.published_indicator_values as kept using published "
                "where kept.indicator_id = published.indicator_id and kept.source_delivery = published.source_delivery"
            )
            con.execute("insert into history.published_indicator_values select * from published")
            return con.execute("select count(*) from published").fetchone()[0]
        finally:
            con.execute("drop table if exists published")
            con.execute("detach mart")
