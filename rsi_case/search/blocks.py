"""The document numbers and weights of Whoosh 3 posting blocks, read from
the blocks' bytes with numpy instead of unpickling them.

A Whoosh 3 posting block is one pickled tuple (protocol 2, zlib-compressed)
of the block's document numbers, weights and values. In a field with
positions every posting's value is a string of its own, so unpickling a
block to get at its numbers and weights builds 128 of them too: that was
most of the time of a query for a common word (docs/performance.md). The
numbers and weights come first in the pickle and have a fixed shape:

    \\x80\\x02 (                     protocol 2, mark
    <int> K d K d … K d            the first number, then the differences,
    t q <memo>                     each difference < 256 is ``K`` + 1 byte
    N | G <8 bytes> | ( G <8> … t  weights: none (all 1.0), one for all, one each

so for the common case (a block of 4 or more postings whose differences
are all below 256) every number and weight sits at an offset known from
the block's length, and one numpy gather over all blocks of a term reads
them. Any block of another shape is decoded by Whoosh's own reader.
"""

from __future__ import annotations

import zlib

import numpy as np

_K, _M, _J = ord("K"), ord("M"), ord("J")
_MARK, _TUPLE, _BINPUT, _NONE, _FLOAT = ord("("), ord("t"), ord("q"), ord("N"), ord("G")
_DOUBLE = np.dtype(">f8")
_PAD = 16  # zero bytes after the last block, so that a block's first bytes can be looked at unchecked
_HEAD = 16  # protocol, mark, the first number (at most 5 bytes), the tuple's end and memo, and a margin


def read_blocks(matcher, only=None, weights: bool = True):
    """(document numbers, weights or None) of the rest of a Whoosh 3
    posting-list ``matcher`` (a ``W3LeafMatcher``), block by block from where
    it stands; blocks without any of ``only`` (sorted document numbers) are
    skipped, as in :func:`.docsets.read_postings`."""
    raws, counts, skips = [], [], []
    ready, places = {}, {}  # blocks already decoded; where the others lie in the file
    below = -1
    while matcher.is_active():
        if only is not None:
            nxt = np.searchsorted(only, below, side="right")
            if nxt == len(only):
                break
            if only[nxt] > matcher._maxid:
                below = matcher._maxid
                matcher._next_block()
                continue
        if matcher._data is not None:  # (already decoded by whoever looked at the block first)
            ready[len(raws)] = _whoosh_arrays(matcher, weights)
            raws.append(b"")
        else:
            places[len(raws)] = (matcher._dataoffset, matcher._nextoffset, matcher._compression)
            data = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
            # only the numbers and weights: the values after them are never decompressed
            need = _HEAD + 2 * matcher._blocklength + (9 * matcher._blocklength + 2 if weights else 1)
            raws.append(zlib.decompressobj().decompress(data, need) if matcher._compression else data[:need])
        counts.append(matcher._blocklength)
        skips.append(matcher._i)
        below = matcher._maxid
        matcher._next_block()
    if not raws:
        return np.zeros(0, dtype=np.int64), (np.zeros(0) if weights else None)
    n = np.asarray(counts, dtype=np.int64)
    ids, ws, good = _parse(raws, n, weights)
    if good.all() and not any(skips):
        return ids, ws
    # some blocks of another shape, or a first block partly behind the matcher: by pieces
    head = np.cumsum(np.where(good, n, 0)) - np.where(good, n, 0)
    id_parts, w_parts = [], []
    for b, skip in enumerate(skips):
        if good[b]:
            i, w = ids[head[b]:head[b] + n[b]], (ws[head[b]:head[b] + n[b]] if weights else None)
        else:
            i, w = ready[b] if b in ready else _reread(matcher, places[b], counts[b], weights)
        id_parts.append(i[skip:])
        w_parts.append(w[skip:] if weights else None)
    return np.concatenate(id_parts), (np.concatenate(w_parts) if weights else None)


def _block_ids(matcher) -> np.ndarray:
    """The document numbers of the block ``matcher`` stands in, as Whoosh 3's
    ``_read_ids`` decodes them (the block stores them as differences), with numpy."""
    raw = np.asarray(matcher._data[0], dtype=np.int64)
    return raw if matcher._byteids else np.cumsum(raw)


def _block_weights(matcher) -> np.ndarray:
    """The weights of the block, as Whoosh 3's ``_read_weights`` gives them:
    none stored means 1.0 each, one number means that number for each (held
    as a 32-bit float there, so rounded the same here), else one per posting."""
    raw = matcher._data[1]
    n = matcher._blocklength
    if raw is None:
        return np.ones(n, dtype=np.float64)
    if isinstance(raw, float):
        return np.full(n, np.float32(raw), dtype=np.float64)
    return np.asarray(raw, dtype=np.float64)


def _whoosh_arrays(matcher, weights):
    return _block_ids(matcher), (_block_weights(matcher) if weights else None)


def _reread(matcher, where, count, weights):
    """A block of another shape, decoded by Whoosh's own reader."""
    saved = (matcher._dataoffset, matcher._nextoffset, matcher._compression, matcher._data, matcher._blocklength)
    matcher._dataoffset, matcher._nextoffset, matcher._compression = where
    matcher._data, matcher._blocklength = None, count
    try:
        matcher._read_data()
        return _whoosh_arrays(matcher, weights)
    finally:
        (matcher._dataoffset, matcher._nextoffset, matcher._compression, matcher._data,
         matcher._blocklength) = saved


def _parse(raws: list, n: np.ndarray, weights: bool):
    """The numbers and weights of every block of the common shape, laid end
    to end (blocks in order), and which blocks those are."""
    m = len(raws)
    lengths = np.fromiter(map(len, raws), dtype=np.int64, count=m)
    buf = np.frombuffer(b"".join(raws) + bytes(_PAD), dtype=np.uint8)
    s = np.cumsum(lengths) - lengths
    end = s + lengths
    top = len(buf) - _PAD  # (offsets computed from a block's counts are clamped below this)
    op = buf[s + 3]
    size = np.select([op == _K, op == _M, op == _J], [2, 3, 5], 0)
    b4, b5 = buf[s + 4].astype(np.int64), buf[s + 5].astype(np.int64)
    first = np.select([op == _K, op == _M],
                      [b4, b4 | (b5 << 8)], b4 | (b5 << 8) | (buf[s + 6].astype(np.int64) << 16)
                      | (buf[s + 7].astype(np.int64) << 24))
    rest = s + 3 + size  # the first difference's opcode
    after = np.minimum(rest + 2 * (n - 1), top)  # the tuple's end, if every difference is one byte
    w = after + 3
    kind = buf[np.minimum(w, top)]
    ok = ((lengths > 8) & (n >= 4) & (buf[s] == 0x80) & (buf[s + 1] == 2) & (buf[s + 2] == _MARK) & (size > 0)
          & (after + 3 <= end) & (buf[after] == _TUPLE) & (buf[after + 1] == _BINPUT))
    if weights:  # (a block read for its numbers only may stop before its weights)
        ok &= (w < end) & ((kind == _NONE) | ((kind == _FLOAT) & (w + 9 <= end)) | (
            (kind == _MARK) & (w + 2 + 9 * n <= end) & (buf[np.minimum(w + 1 + 9 * n, top)] == _TUPLE)))
    rows = np.flatnonzero(ok)
    if len(rows):  # every difference one byte, and every weight of a tuple a float
        _drop(ok, rows, n[rows] - 1, buf[_spread(rest[rows], n[rows] - 1, 2)] != _K)
        tuples = rows[kind[rows] == _MARK]
        if weights and len(tuples):
            _drop(ok, tuples, n[tuples], buf[_spread(w[tuples] + 1, n[tuples], 9)] != _FLOAT)
        rows = np.flatnonzero(ok)
    counts = n[rows]
    head = np.cumsum(counts) - counts  # where each block begins in the flat arrays
    flat = np.empty(int(counts.sum()), dtype=np.int64)
    inner = _spread(rest[rows] + 1, counts - 1, 2)
    flat[_spread(head + 1, counts - 1, 1)] = buf[inner]
    flat[head] = first[rows]
    ids = np.cumsum(flat)
    ids -= np.repeat(np.concatenate(([0], ids))[head], counts)  # each block's own running sum
    out = None
    if weights:
        out = np.ones(len(flat))
        k = kind[rows]
        one = k == _FLOAT
        if one.any():  # one weight for all, held as a 32-bit float by Whoosh's reader
            value = _doubles(buf, w[rows[one]] + 1).astype(np.float32).astype(np.float64)
            out[_spread(head[one], counts[one], 1)] = np.repeat(value, counts[one])
        each = k == _MARK
        if each.any():
            out[_spread(head[each], counts[each], 1)] = _doubles(buf, _spread(w[rows[each]] + 2, counts[each], 9))
    return ids, out, ok


def _drop(ok: np.ndarray, rows: np.ndarray, counts: np.ndarray, bad: np.ndarray) -> None:
    """Mark the blocks ``rows`` with a bad item (``bad``, their items end to end) as not read here."""
    if bad.any():
        ok[rows[np.unique(np.repeat(np.arange(len(rows)), counts)[bad])]] = False


def _spread(starts: np.ndarray, counts: np.ndarray, step: int) -> np.ndarray:
    """``start + step * k`` for k < count, for every (start, count), in order."""
    within = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(starts, counts) + step * within


def _doubles(buf: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The big-endian doubles whose 8 bytes start at ``at``."""
    return buf[at[:, None] + np.arange(8)].reshape(-1).view(_DOUBLE).astype(np.float64)
