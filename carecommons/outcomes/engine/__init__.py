"""The outcomes engine: DuckDB over CLD files (CSV or Parquet), one SQL file a step or measure in sql/.

No Django here: the commands and the public page call it with files and dates."""
