"""Decoded posting lists kept between queries, bounded in bytes.

Reading a term's posting list — finding it in the segment's term table,
decompressing its blocks and decoding its document numbers and weights
(:mod:`.blocks`) — was three fifths of a one-word query at 10,000 documents
(docs/performance.md, issue 13), and a query reads one list per field and
segment: a word searched in five fields of nine segments is 45 lists, read
again by the next query for the same word.

A segment never changes once written except by deleting documents, and a
deletion makes a new reader with a higher deleted count (the search
service's ``_refreshed``), so a list decoded from one state of a segment is
valid for as long as that state is in use: the key is the segment's id
(random, 16 letters and digits, new for every segment any writer makes), its
deleted count, the field and the term. Nothing is ever
invalidated; lists of segments merged away or of an older state are simply
not asked for again and fall out as the least recently used. A term a
segment does not hold is kept too (as ``None``): a query for a rare word
asks every segment for it.

The arrays are made read-only, so that no caller can change what the next
query reads. Only whole posting lists of segment readers are kept; anything
else (a reader without a segment) is read as before, every time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

MISSING = object()  # (a key not kept; None is a kept answer: the segment lacks the word)
_ENTRY_BYTES = 200  # the key, the tuple and the array headers, roughly


class PostingCache:
    """Least-recently-used ``key → (ids, weights) | None``, at most ``max_bytes`` of arrays."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max(0, int(max_bytes))
        self._items: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    @staticmethod
    def key(reader, field: str, btext: bytes):
        """The key of ``field``/``btext`` in ``reader``'s segment as it is now, or None."""
        segment = reader.segment() if hasattr(reader, "segment") else None
        if segment is None:
            return None
        return (segment.segment_id(), segment.deleted_count(), field, btext)

    def get(self, key, default=MISSING):
        with self._lock:
            value = self._items.get(key, MISSING)
            if value is MISSING:
                self.misses += 1
                return default
            self._items.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key, value) -> None:
        size = _size(value)
        if size > self.max_bytes // 2:  # (one list may not push out all of the others)
            return
        if value is not None:
            for array in value:
                if array is not None:
                    array.flags.writeable = False
        with self._lock:
            old = self._items.pop(key, MISSING)
            if old is not MISSING:
                self._bytes -= _size(old)
            self._items[key] = value
            self._bytes += size
            while self._bytes > self.max_bytes and self._items:
                _key, dropped = self._items.popitem(last=False)
                self._bytes -= _size(dropped)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size_bytes(self) -> int:
        return self._bytes


def _size(value) -> int:
    if value is None:
        return _ENTRY_BYTES
    return _ENTRY_BYTES + sum(a.nbytes for a in value if a is not None)

