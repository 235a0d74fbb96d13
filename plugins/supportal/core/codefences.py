"""Which Markdown lines are inside fenced code, so syntax shown in code is left alone."""

from __future__ import annotations

import re

_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<rest>.*)$")


class FenceTracker:
    """Feed lines in order; `inside(line)` says whether that line belongs to a fenced block.

    Follows CommonMark: a block closes on a fence of the same character, at least as long, with
    nothing after it; so a line such as ```` ```md ```` inside a block does not close it.
    """

    def __init__(self) -> None:
        self.open: str | None = None

    def inside(self, line: str) -> bool:
        match = _FENCE.match(line)
        if self.open is not None:
            fence = match["fence"] if match else ""
            if (
                match
                and fence[0] == self.open[0]
                and len(fence) >= len(self.open)
                and not match["rest"].strip()
            ):
                self.open = None
            return True
        if match and not (match["fence"][0] == "`" and "`" in match["rest"]):
            self.open = match["fence"]
            return True
        return False
