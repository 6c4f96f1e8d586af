"""servcheck: service standards as code, linted and audited against recorded service events."""

__version__ = "0.1.0"
