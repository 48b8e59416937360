"""The words a user may write for each choice (goal kind, direction, aggregation), with every accepted spelling.

One table for the three readers (interchange file, workbook, worksheet functions), so a spelling accepted in
one is accepted in all: "hogst" for "högst", "sämsta" for "samsta", any letter case, surrounding spaces.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from xlinsats.core.model import AGGREGATIONS, DIRECTIONS, GOAL_KINDS


@dataclass(frozen=True)
class Choice:
    """A choice field: its Swedish name, its canonical values and the other spellings of each."""

    what: str
    values: tuple[str, ...]
    aliases: Mapping[str, str] = field(default_factory=dict)

    def parse(self, text: str) -> str | None:
        """Return the canonical value for ``text`` (case and surrounding spaces ignored), None when unknown."""
        key = text.strip().casefold()
        for value in self.values:
            if value.casefold() == key:
                return value
        return self.aliases.get(key)

    def allowed(self, quote: str = "'") -> str:
        """Return the canonical values as Swedish prose: "'minst' eller 'högst'" (in a formula: double quotes)."""
        quoted = [f"{quote}{value}{quote}" for value in self.values]
        return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} eller {quoted[-1]}"

    def message(self, text: object) -> str:
        """Return the Swedish message for a value that is not one of the choices."""
        return f"{self.what.capitalize()} ska vara {self.allowed()}, inte {text!r}."


GOAL_KIND = Choice("måltypen", GOAL_KINDS)
DIRECTION = Choice("riktningen", DIRECTIONS, {"hogst": "högst"})
AGGREGATION = Choice("sammanvägningen", AGGREGATIONS, {"sämsta": "samsta"})
