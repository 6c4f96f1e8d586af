"""Which file suffixes are Markdown drafts, apart from the Markdown reader: finding and dispatching
files (:mod:`checker.load.library`, :mod:`checker.load.documents`) then loads the reader, and
markdown_it, only when a draft is read."""

MARKDOWN_SUFFIXES = (".md", ".markdown")
