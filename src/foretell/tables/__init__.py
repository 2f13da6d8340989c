"""Forecast and evidence tables in a book, resolved and scored through a columnar engine.

A book may hold Parquet and CSV tables beside its YAML files (``docs/tables.md``):
``forecasts/**/*.parquet|csv`` with one row per prediction and ``evidence/**/*.parquet|csv``
with one row per forecast an evidence record resolves. The loader checks them with the same
rules and codes as YAML (:mod:`.forecasts`, :mod:`.evidence`), located as ``PATH:ROW:COLUMN``
with spreadsheet row numbers; the predictions stay in the tables, and reports query them
through DuckDB (:mod:`.engine`) without making a Python object per row.

DuckDB and pyarrow are an optional extra: ``pip install 'foretell[tables]'``. Nothing here is
imported unless a book holds tables.
"""
