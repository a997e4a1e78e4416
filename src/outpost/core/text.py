"""Text normalisation: the search form of Vietnamese names, and clean-up of messy cells."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case ASCII form used for search: "Mường Nhé" -> "muong nhe".

    Vietnamese đ/Đ is a letter of its own, not d plus a mark, so it is mapped by hand.
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return squash(stripped).lower()


def squash(text: str | None) -> str:
    """Collapse runs of whitespace (including embedded newlines) and trim the ends."""
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
