"""Text from data made safe for the place it is shown: XML, a terminal, Markdown.

Group values, keys, file names and reasons come from the audited files, which anyone can write.
A NUL or a lone surrogate makes a JUnit file unparseable (or unwritable as UTF-8); ``ESC [31m``
or a carriage return rewrites what an auditor sees in a terminal; ``![x](http://evil)`` in a
Markdown cell fetches an image when the report is viewed. Each function keeps the character
visible as an escape (``\\x1b``) rather than dropping it: what the data holds stays readable.
"""

from __future__ import annotations

import html
import re

_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
"""Not allowed in XML 1.0 (C0 controls but tab and newline, lone surrogates, U+FFFE/U+FFFF),
plus carriage return (XML parsers fold it into a newline) and DEL."""

_TERMINAL_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls (ESC starts terminal sequences, CR overwrites a line), lone surrogates, and the
bidirectional overrides that make text display in another order than it is stored."""

_MARKDOWN_META = re.compile(r"([\\`*\[\]!~|]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")
"""What starts emphasis, code, links, images, strike-through or a table cell in (GitHub) Markdown.
An underscore between letters or digits (``call_id``) cannot open or close emphasis, so it stays
as written; ``<``, ``>`` and ``&`` are HTML-escaped instead, which renders the same and stops raw HTML."""


def escape_char(char: str) -> str:
    """``\\x1b``, ``\\u202e``: a character as the Python escape a reader can recognise."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def xml_text(value: object) -> str:
    """Text any XML 1.0 parser accepts, with each character it would refuse shown as an escape."""
    return _XML_UNSAFE.sub(lambda m: escape_char(m.group()), str(value))


def terminal_text(value: object) -> str:
    """One line for a terminal: tabs and newlines become spaces, other controls become escapes."""
    text = str(value).replace("\t", " ").replace("\n", " ")
    return _TERMINAL_UNSAFE.sub(lambda m: escape_char(m.group()), text)


def markdown_text(value: object) -> str:
    """Inline Markdown showing ``value`` literally, on one line: controls as escapes, HTML-escaped
    (``&lt;`` in data stays ``&lt;``), metacharacters backslash-escaped (no emphasis, link or image)."""
    text = html.escape(terminal_text(value), quote=False)
    return _MARKDOWN_META.sub(r"\\\1", text)


def markdown_code(value: object) -> str:
    """``value`` as a code span: nothing inside renders, so only a backtick run long enough to
    open and close it is needed (and ``|`` escaped, which GitHub tables require even there)."""
    text = terminal_text(value)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text.replace('|', chr(92) + '|')}{pad}{fence}"
