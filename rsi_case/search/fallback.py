"""When the words typed do not find what they should (issue 13).

* **Hyphen groups** are searched as written *and* as their parts together:
  ``it-sikkerhed`` finds what ``itsikkerhed`` finds and what ``it
  sikkerhed`` finds (the index has the joined form and the parts
  of every hyphen group it saw, but a text may write ``it sikkerhed`` or
  ``informationssikkerhed`` and never ``it-sikkerhed``).
* **An unknown compound** is searched as its known parts: ``cyberangreb``,
  written nowhere, finds what ``cyber`` and ``angreb`` find (the longest
  known head, and the modifier before it), with a lower weight.
* **An unknown word that only lives inside compounds** is searched as those
  compounds: ``monitorering`` finds ``hjemmemonitorering``.
* **A search that finds nothing** offers a way on: the words without the
  quotes, the search without its filters, words that begin with what was
  typed -- each with the number of hits it would give.

Every decision that depends on what exists is taken inside the user's
permission-filtered set (``allow_mask``), as "mente du …?" is (issue 8's
rule): a word counts as known only when it has a hit the user may see, a
part or compound is offered only when it has such hits, and every count
shown comes from that set. A word that only a confidential case holds is
treated exactly like a word nobody wrote, and no word of it can come back.
"""

from __future__ import annotations

import bisect
import copy
import dataclasses
import re
import threading

from whoosh import query as Q

from .analysis import stem

#: the weight of a hyphen group's parts found apart, against the group as written (1.0)
HYPHEN_PARTS_BOOST = 0.8
#: the weight of an unknown compound's known parts
PARTS_BOOST = 0.6
#: the weight of the compounds an unknown word lives in
COMPOUNDS_BOOST = 0.8
#: at most this many compounds stand in for an unknown word
MAX_COMPOUNDS = 8
#: a known head of at least this share of an unknown word stands in for it alone
#: (a shorter one only together with a known modifier: ``laboratoriesystemmer``
#: is a typing error, not a kind of ``stemmer``)
HEAD_ALONE_SHARE = 0.5
#: the or-group's coordination (the search box's own, OrGroup.factory(0.9))
COORDINATION = 0.9
MIN_HEAD = 4
MIN_MODIFIER = 2
LINKS = ("s", "e")


# -- the words of a parsed query ---------------------------------------------------

def _word_key(q, fields):
    if isinstance(q, Q.Term) and q.fieldname in fields and getattr(q, "startchar", None) is not None:
        return q.startchar, q.endchar
    return None


def _quoted(text: str):
    """A test for "is this place inside a quoted phrase" ("it-sikkerhed" in
    quotes is to be found as written: no parts, no fallbacks)."""
    spans = [m.span() for m in re.finditer(r'"[^"]*"?', text)]
    return lambda start: any(a <= start < b for a, b in spans)


def rewrite_words(q, fields, replace):
    """``q`` with each typed word replaced by ``replace(start, end, terms)``
    (``None`` leaves it as it is). A word is the set of terms the parser made
    of it, one per field, all with the same place in the query string; the
    or-group puts them side by side with the other words' terms, so they are
    gathered up here and stand as one node afterwards."""
    key = _word_key(q, fields)
    if key is not None:
        got = replace(key[0], key[1], [q])
        return q if got is None else got
    if isinstance(q, (Q.Or, Q.And)) and type(q) in (Q.Or, Q.And):
        groups: dict = {}
        for sub in q.subqueries:
            k = _word_key(sub, fields)
            if k is not None:
                groups.setdefault(k, []).append(sub)
        out, done, changed = [], set(), False
        for sub in q.subqueries:
            k = _word_key(sub, fields)
            if k is None:
                new = rewrite_words(sub, fields, replace)
                changed |= new is not sub
                out.append(new)
            elif k not in done:
                done.add(k)
                got = replace(k[0], k[1], groups[k])
                if got is None:
                    out.extend(groups[k])
                else:
                    out.append(got)
                    changed = True
        if not changed:
            return q
        q = copy.copy(q)
        q.subqueries = out
        return q
    if isinstance(q, (Q.AndNot, Q.AndMaybe, Q.Require)):
        # what is excluded stays as typed: "NOT it-sikkerhed" must not exclude every "it"
        a = rewrite_words(q.a, fields, replace)
        b = q.b if isinstance(q, Q.AndNot) else rewrite_words(q.b, fields, replace)
        if a is q.a and b is q.b:
            return q
        q = copy.copy(q)
        q.a, q.b = a, b
        return q
    return q


def _terms(fields, text: str, start: int, end: int, boost: float = 1.0):
    """One word in each of ``fields`` (an or), placed at the typed word."""
    terms = []
    for field in fields:
        t = Q.Term(field, text)
        t.startchar, t.endchar = start, end
        terms.append(t)
    return terms[0] if len(terms) == 1 and boost == 1.0 else Q.Or(terms, boost=boost)


def _analyzed(schema, field: str, word: str) -> str | None:
    """The query-side term of one word (None for a stop word or nothing)."""
    tokens = [t.text for t in schema[field].analyzer(word, mode="query")]
    return tokens[0] if tokens else None


# -- hyphen groups -------------------------------------------------------------------

_HYPHEN_GROUP = re.compile(r"^[^\W_]+(?:-[^\W_]+)+$")
# a number written with hyphens (B-2026-002, 62947-09, 2024-2026) is one
# thing: searched as typed and by its number keys, never as scattered digits
# (a decision number must not turn into every record that mentions 2026)
_NUMBER_GROUP = re.compile(r"^(?:[bB]-?)?\d+(?:-\d+)+$")


def expand_hyphens(q, text: str, schema, fields, boost: float | None = None):
    """Each hyphen group typed outside quotes also finds its parts."""
    boost = HYPHEN_PARTS_BOOST if boost is None else boost
    quoted = _quoted(text)

    def replace(start, end, terms):
        typed = text[start:end]
        if not _HYPHEN_GROUP.match(typed) or _NUMBER_GROUP.match(typed) or quoted(start):
            return None
        word_fields = [t.fieldname for t in terms]
        parts = []
        for part in typed.split("-"):
            term = _analyzed(schema, word_fields[0], part)
            if term:
                parts.append(_terms(word_fields, term, start, end))
        if not parts:
            return None
        # the parts as the same words typed apart would be searched: any of them,
        # the documents with all of them first
        together = Q.Or(parts, boost=boost, scale=COORDINATION if len(parts) > 1 else None)
        return Q.Or([*terms, together])

    return rewrite_words(q, fields, replace)


# -- what the user may see ---------------------------------------------------------------

def allowed_count(searcher, fields, term: str, allow_mask, enough: int | None = None) -> int:
    """How many documents the user may see hold ``term`` in one of ``fields``
    (a document in two fields counts twice); stops at ``enough``. Steps the
    posting lists id by id: a common word stops at its first visible document."""
    total = 0
    size = len(allow_mask)
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        for field in fields:
            try:
                btext = searcher.schema[field].to_bytes(term)
            except (KeyError, ValueError):
                continue
            if (field, btext) not in reader:
                continue
            for docnum in reader.postings(field, btext).all_ids():
                docnum += offset
                if docnum < size and allow_mask[docnum]:
                    total += 1
                    if enough is not None and total >= enough:
                        return total
    return total


def known(searcher, fields, term: str | None, allow_mask) -> bool:
    return bool(term) and allowed_count(searcher, fields, term, allow_mask, enough=1) > 0


# -- unknown words ----------------------------------------------------------------------

@dataclasses.dataclass
class Rewrite:
    """A typed word (``query[start:end]``) searched as ``shown`` instead."""
    start: int
    end: int
    typed: str
    shown: str


@dataclasses.dataclass
class Part:
    """A part of an unknown compound: as typed, and the index word searched for it."""
    typed: str
    term: str


def _known_part(searcher, schema, fields, typed: str, allow_mask) -> Part | None:
    """``typed`` as an index word with hits the user may see: its own stem,
    or else the commonest word its stem begins (``datacenter`` → the stem of
    ``datacentre``: Danish spells the same word both ways and the stemmer
    does not join them)."""
    term = _analyzed(schema, fields[0], typed)
    if not term:
        return None
    if known(searcher, fields, term, allow_mask):
        return Part(typed, term)
    if len(term) >= 6:
        begun = completions(searcher, fields, term, allow_mask, most=1)
        if begun:
            return Part(typed, begun[0][1])
    return None


def split_unknown(searcher, schema, fields, word: str, allow_mask) -> tuple[Part | None, Part] | None:
    """(modifier, head) of an unknown compound, each with hits the user may
    see (the modifier may be None), or None. The longest known head wins;
    the modifier may drop a linking s or e."""
    low = word.lower()
    if not low.isalpha() or len(low) < MIN_HEAD + MIN_MODIFIER:
        return None
    field = fields[0]
    for i in range(MIN_MODIFIER, len(low) - MIN_HEAD + 1):
        head = low[i:]
        head_term = _analyzed(schema, field, head)
        if not known(searcher, fields, head_term, allow_mask):
            continue
        modifier = None
        prefix = low[:i]
        for candidate in (prefix, *(prefix[:-1] for link in LINKS if prefix.endswith(link))):
            if len(candidate) >= MIN_MODIFIER:
                modifier = _known_part(searcher, schema, fields, candidate, allow_mask)
                if modifier is not None:
                    break
        if modifier is None and len(head) < HEAD_ALONE_SHARE * len(low):
            return None  # a short head alone is more likely a typing error than a compound
        return modifier, Part(head, head_term)
    return None


_SUFFIX_CACHE: dict = {}  # (segment id, field) -> sorted reversed words; segments never change once written
_SUFFIX_BUILDING: dict = {}  # (segment id, field) -> Event, while one thread builds it
_SUFFIX_LOCK = threading.Lock()
MAX_CACHED_SEGMENTS = 64
#: the fields whose words are looked through for compounds (an attachment's
#: word list is long and adds little)
COMPOUND_FIELDS = ("title", "headings", "body", "case_title")


def _reversed_words(reader, field: str) -> list[str]:
    """The words of one segment's field, each reversed, sorted: the words
    ending in ``x`` are then one range (``bisect`` on ``x`` reversed). Built
    once per segment -- reading a word list is slow (about 2 s for 300,000
    words), looking it up afterwards takes microseconds; a second caller
    waits for the first instead of reading it again."""
    segment = reader.segment() if hasattr(reader, "segment") else None
    key = (segment.segment_id() if segment is not None else id(reader), field)
    with _SUFFIX_LOCK:
        got = _SUFFIX_CACHE.get(key)
        if got is not None:
            return got
        event = _SUFFIX_BUILDING.get(key)
        mine = event is None
        if mine:
            event = _SUFFIX_BUILDING[key] = threading.Event()
    if not mine:
        event.wait(timeout=60)
        with _SUFFIX_LOCK:
            got = _SUFFIX_CACHE.get(key)
        if got is not None:
            return got
    try:
        words = sorted(w[::-1] for b in reader.lexicon(field)
                       if (w := b.decode("utf-8") if isinstance(b, bytes) else str(b)).isalpha())
        with _SUFFIX_LOCK:
            if len(_SUFFIX_CACHE) >= MAX_CACHED_SEGMENTS:
                _SUFFIX_CACHE.pop(next(iter(_SUFFIX_CACHE)))
            _SUFFIX_CACHE[key] = words
        return words
    finally:
        if mine:
            with _SUFFIX_LOCK:
                _SUFFIX_BUILDING.pop(key, None)
            event.set()


def prewarm(searcher) -> None:
    """Read the word lists of a newly opened index ahead of the first
    unknown word (run in a thread; a search that needs them meanwhile waits
    for this one instead of reading them twice)."""
    try:
        for sub, _offset in searcher.leaf_searchers():
            for field in COMPOUND_FIELDS:
                if field in searcher.schema:
                    _reversed_words(sub.reader(), field)
    except Exception:  # an index replaced or closed meanwhile: the next search reads it
        return


def compounds_of(searcher, fields, term: str, allow_mask, most: int = MAX_COMPOUNDS) -> list[tuple[int, str]]:
    """Index words that end in ``term`` (compounds with it as their head),
    with hits the user may see: [(hits, word)], the most found first."""
    if len(term) < MIN_HEAD or not term.isalpha():
        return []
    found = set()
    tail = term[::-1]
    for sub, _offset in searcher.leaf_searchers():
        reader = sub.reader()
        for field in [f for f in fields if f in COMPOUND_FIELDS]:
            if field not in searcher.schema:
                continue
            words = _reversed_words(reader, field)
            i = bisect.bisect_left(words, tail)
            while i < len(words) and words[i].startswith(tail):
                if len(words[i]) >= len(term) + MIN_MODIFIER:
                    found.add(words[i][::-1])
                i += 1
    ranked = []
    for word in found:
        hits = allowed_count(searcher, fields, word, allow_mask)
        if hits:
            ranked.append((hits, word))
    ranked.sort(key=lambda hw: (-hw[0], hw[1]))
    return ranked[:most]


def _with_ending(typed: str, term: str, word: str) -> str:
    """``word`` (a stem) with the ending the user typed, when it stems back to it."""
    low = typed.lower()
    if low.startswith(term) and stem(word + low[len(term):]) == word:
        return word + low[len(term):]
    return word


def apply_fallbacks(q, text: str, searcher, schema, fields, allow_mask):
    """``q`` with every word that has no hit the user may see searched as its
    known parts or as the compounds it lives in; (query, [Rewrite])."""
    rewrites: list[Rewrite] = []
    parts_boost, compounds_boost = PARTS_BOOST, COMPOUNDS_BOOST
    quoted = _quoted(text)

    def replace(start, end, terms):
        typed = text[start:end]
        term = terms[0].text
        term = term.decode("utf-8") if isinstance(term, bytes) else str(term)
        if not typed.isalpha() or quoted(start) or known(searcher, fields, term, allow_mask):
            return None
        word_fields = [t.fieldname for t in terms]
        split = split_unknown(searcher, schema, word_fields, typed, allow_mask)
        if split is not None:
            modifier, head = split
            subs = [_terms(word_fields, head.term, start, end)]
            shown = head.typed
            if modifier:
                subs.append(_terms(word_fields, modifier.term, start, end))
                shown = f"{modifier.typed} {head.typed}"
            rewrites.append(Rewrite(start, end, typed, shown))
            return Q.Or(subs, boost=parts_boost, scale=COORDINATION if len(subs) > 1 else None)
        compounds = compounds_of(searcher, word_fields, term, allow_mask)
        if compounds:
            words = [w for _n, w in compounds]
            rewrites.append(Rewrite(start, end, typed, " ".join(_with_ending(typed, term, w) for w in words[:3])))
            return Q.Or([_terms(word_fields, w, start, end) for w in words], boost=compounds_boost)
        return None

    return rewrite_words(q, fields, replace), rewrites


def shown_query(text: str, rewrites: list[Rewrite]) -> str:
    """The query as it was searched, for "Viser resultater for …"."""
    out = text
    for r in sorted(rewrites, key=lambda r: r.start, reverse=True):
        out = out[:r.start] + r.shown + out[r.end:]
    return out


# -- ways on from nothing ------------------------------------------------------------------

def completions(searcher, fields, typed: str, allow_mask, most: int = 3) -> list[tuple[int, str]]:
    """Index words that begin with what was typed (at least 4 letters), with
    hits the user may see: [(hits, word)], the most found first."""
    low = typed.lower()
    if len(low) < 4 or not low.isalpha():
        return []
    found = set()
    for sub, _offset in searcher.leaf_searchers():
        reader = sub.reader()
        for field in fields:
            if field not in searcher.schema:
                continue
            try:
                words = reader.expand_prefix(field, low)
            except Exception:  # a reader without a word list
                continue
            for btext in words:
                word = btext.decode("utf-8") if isinstance(btext, bytes) else str(btext)
                if word != low and word.isalpha():
                    found.add(word)
    ranked = [(n, w) for w in found if (n := allowed_count(searcher, fields, w, allow_mask))]
    ranked.sort(key=lambda nw: (-nw[0], nw[1]))
    return ranked[:most]
