"""How far an index has read the change log, stored with the index itself.

The change log (``search_outbox``) is append-only: every node's index reads
it at its own pace, and nobody consumes it. Each index keeps its own
cursor: ``high`` (every change up to this id is applied, but for ``gaps``)
and ``gaps`` (ids below ``high`` not seen yet — PostgreSQL hands out ids at
insert, so a slow transaction can commit id 41 after id 42 was read; an id
whose transaction rolled back never appears and is forgotten after
``GAP_SECONDS``).

The cursor is committed *with* the index: it is written as
``cursor-<generation>.json`` next to the table of contents that generation
commits, before that commit. Whoosh makes a commit visible by writing the
new table of contents last, so whichever generation a reader opens, the
cursor it finds is the one written for exactly that content. A crash
between the two leaves the old generation and its old cursor: changes are
applied again (applying a change twice gives the same entries), never
skipped.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from pathlib import Path

GAP_SECONDS = 300.0  # a transaction open longer than this is not waited for (statement timeouts are far shorter)
REBUILD_WINDOW = 1000  # a rebuild's cursor starts this many ids before the log's end: those are applied again
GAP_SPAN = 2000  # only ids this close to the newest read can be a transaction still open; older holes were pruned


@dataclasses.dataclass
class Cursor:
    high: int = 0
    gaps: dict[int, float] = dataclasses.field(default_factory=dict)  # id -> when first missed (unix time)
    at: float = 0.0  # when this cursor was written

    def pending_ids(self, now: float | None = None) -> list[int]:
        now = time.time() if now is None else now
        return sorted(i for i, seen in self.gaps.items() if now - seen < GAP_SECONDS)

    def advanced(self, ids: list[int], now: float | None = None) -> Cursor:
        """The cursor after applying ``ids`` (read in id order: every id > high up to the
        largest read, and whichever gaps turned up)."""
        now = time.time() if now is None else now
        got = set(ids)
        gaps = {i: seen for i, seen in self.gaps.items() if i not in got and now - seen < GAP_SECONDS}
        top = max([self.high, *ids])
        gaps.update({i: now for i in range(max(self.high + 1, top - GAP_SPAN), top) if i not in got})
        return Cursor(top, gaps, now)


def path_for(folder: Path, generation: int) -> Path:
    return Path(folder) / f"cursor-{generation}.json"


def read(ix) -> Cursor | None:
    """The cursor of the generation ``ix`` has open; None for an index from before
    the change log (its application must start from the log's beginning)."""
    folder = Path(ix.storage.folder)
    try:
        data = json.loads(path_for(folder, ix.latest_generation()).read_text())
    except (FileNotFoundError, ValueError):
        return None
    return Cursor(int(data["high"]), {int(k): float(v) for k, v in data.get("gaps", {}).items()},
                  float(data.get("at", 0)))


def write(folder: Path, generation: int, cursor: Cursor) -> None:
    """Durably, before the generation's table of contents is written; older ones go."""
    folder = Path(folder)
    target = path_for(folder, generation)
    tmp = target.with_suffix(".tmp")
    with open(tmp, "w") as fh:
        json.dump({"high": cursor.high, "gaps": {str(k): v for k, v in cursor.gaps.items()}, "at": cursor.at}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    for old in folder.glob("cursor-*.json"):
        number = old.stem.split("-", 1)[1]
        if number.isdigit() and int(number) < generation - 1:
            old.unlink(missing_ok=True)
