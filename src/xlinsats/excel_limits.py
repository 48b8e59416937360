"""Excel's load limits that the OOXML schemas do not express, each with its source, and helpers that keep them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    """One limit Excel enforces when it opens a file: what it bounds, the bound, and where it is stated."""

    what: str
    value: int
    source: str


#: Data validation input/error titles: Excel repairs a file whose title is longer.
VALIDATION_TITLE = Limit(
    "data validation promptTitle/errorTitle (characters)",
    32,
    "[MS-OI29500] 2.1.613 (dataValidation promptTitle/errorTitle); Open XML SDK semantic validation",
)
#: Data validation input/error messages.
VALIDATION_MESSAGE = Limit(
    "data validation prompt/error (characters)",
    255,
    "[MS-OI29500] 2.1.613 (dataValidation prompt/error); Excel's Data Validation dialog",
)

LIMITS: tuple[Limit, ...] = (VALIDATION_TITLE, VALIDATION_MESSAGE)


def shorten(text: str, limit: Limit) -> str:
    """Return ``text`` cut to ``limit`` characters at a word boundary, with an ellipsis when it was cut."""
    if len(text) <= limit.value:
        return text
    head = text[: limit.value - 1]
    space = head.rfind(" ")
    if space > limit.value // 2:
        head = head[:space]
    return head.rstrip(" ,;:") + "…"
