"""Data files → relations on the backend: one reader per format, the canonical typed view, the ledger's census.

Kept empty so that importing :mod:`checker.sources.registry` (the dataset model does, for its
``format`` names) loads nothing heavy: lint must not import DuckDB.
"""
