"""Samples for manual review: ``servcheck sample`` (docs/manual-review.md)."""
