"""Python 3.12's f-strings, made readable to an older parser.

Since 3.12 (PEP 701) a replacement field may hold a string in the f-string's own quote:
``f'{data['name']}'``. Older parsers call the file a syntax error, and the review lost every
route, secret and test in it. ``older_fstrings`` rewrites each such inner string to the other
quote (``f'{data["name"]}'``), character for character, so every line and column stays where
it was; the review parses the rewritten text and quotes the learner's own.

Only what is needed is touched: an inner string already in the other quote, a triple-quoted
f-string and everything outside f-strings are copied as they are. An inner string that holds
the other quote itself cannot be rewritten; the file then stays unparsable, as before.
"""

from __future__ import annotations

PREFIX_LETTERS = frozenset("rRbBuUfF")
OTHER_QUOTE = {"'": '"', '"': "'"}


class _Unrewritable(Exception):
    """An inner string whose quote cannot be swapped."""


def older_fstrings(text: str) -> str | None:
    """``text`` with every inner string of an f-string in the f-string's own quote swapped to
    the other quote; None when nothing needed it, or when one cannot be."""
    chars = list(text)
    try:
        changed = _Scanner(chars).module()
    except (_Unrewritable, IndexError):
        return None
    return "".join(chars) if changed else None


class _Scanner:
    """A scan of Python source just deep enough to find strings, f-strings and their fields."""

    def __init__(self, chars: list[str]) -> None:
        self.chars = chars
        self.at = 0
        self.changed = False

    def module(self) -> bool:
        """Scan the whole text; whether any inner string was rewritten."""
        while self.at < len(self.chars):
            if self.chars[self.at] == "#":
                while self.at < len(self.chars) and self.chars[self.at] != "\n":
                    self.at += 1
                continue
            start = self._string_start()
            if start is None:
                self.at += 1
            else:
                self._string(*start)
        return self.changed

    def _string_start(self) -> tuple[str, int, str] | None:
        """(prefix, where its quote is, quote) when a string literal starts here."""
        at = self.at
        if at > 0 and (self.chars[at - 1].isalnum() or self.chars[at - 1] == "_"):
            return None
        prefix = ""
        while at < len(self.chars) and self.chars[at] in PREFIX_LETTERS and len(prefix) < 2:
            prefix += self.chars[at]
            at += 1
        if at >= len(self.chars) or self.chars[at] not in OTHER_QUOTE:
            return None
        quote = self.chars[at]
        if "".join(self.chars[at : at + 3]) == quote * 3:
            quote *= 3
        return prefix, at, quote

    def _string(self, prefix: str, quote_at: int, quote: str) -> None:
        """Step over a string literal from its prefix to past its closing quote."""
        self.at = quote_at + len(quote)
        formatted = "f" in prefix.lower()
        while True:
            char = self.chars[self.at]
            if char == "\\":  # an escape, or in a raw string a quote that does not end it
                self.at += 2
                continue
            if "".join(self.chars[self.at : self.at + len(quote)]) == quote:
                self.at += len(quote)
                return
            if char == "\n" and len(quote) == 1:
                return  # an unterminated string: leave the error to the parser
            if formatted and char == "{":
                if self.chars[self.at + 1] == "{":
                    self.at += 2
                    continue
                self.at += 1
                self._field(quote)
                continue
            self.at += 1

    def _field(self, quote: str) -> None:
        """Step over a replacement field up to its closing brace, swapping the quote of each
        string in it that uses ``quote``, the f-string's own."""
        depth = 0
        while True:
            char = self.chars[self.at]
            if char in "([{":
                depth += 1
            elif char in ")]}":
                if char == "}" and depth == 0:
                    self.at += 1
                    return
                depth -= 1
            start = self._string_start()
            if start is not None:
                prefix, quote_at, inner = start
                if len(quote) == 1 and inner[0] == quote:
                    self._swap(prefix, quote_at, inner)
                else:
                    self._string(prefix, quote_at, inner)
                continue
            self.at += 1

    def _swap(self, prefix: str, quote_at: int, inner: str) -> None:
        """Rewrite an inner string in the outer quote to the other quote, then step over it."""
        if len(inner) == 3:
            raise _Unrewritable
        other = OTHER_QUOTE[inner]
        self._string(prefix, quote_at, inner)
        end = self.at - 1
        body = self.chars[quote_at + 1 : end]
        if other in body:
            raise _Unrewritable
        self.chars[quote_at] = self.chars[end] = other
        self.changed = True
