"""Measures: the primitives rules are built on, one module each (see :mod:`checker.measures.registry`)."""
