"""Data-quality logic outside dbt: what each publish published (for restatements)."""
