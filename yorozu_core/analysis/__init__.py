"""Survey and event data analysis: loading tables into Parquet, typing columns, counting with DuckDB,
cross-tabulation with a chi-square test, Japanese free-text analysis and report files.

Pure Python (no Django): the web app, the CLI and the benchmark call these functions."""

from yorozu_core.analysis.errors import DatasetError

__all__ = ["DatasetError"]
