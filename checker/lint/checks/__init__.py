"""One module per lint check; the registry (:mod:`checker.lint.registry`) lists them explicitly."""
