"""Searching the index: permission-aware inside the query, Danish, numbers
first, facets, highlights, "mente du …?".

The service keeps one searcher open per process and refreshes it (~1 ms)
instead of reopening (hundreds of ms at 100k documents). Who may see an
entry is in the entry (``acl``); every query is filtered by the user's
principals, so hit counts, facet counts, pages and snippets only ever come
from what the user may see.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import logging
import math
import os
import re
import threading
import time
import unicodedata

import numpy as np
from whoosh import qparser, query as Q, scoring
from whoosh.qparser import PhrasePlugin

from ..numbering import typed_numbers
from .analysis import DanishPhrasePlugin, normalize
from .columns import CODED, Columns
from .matching import matching_docs
from .fallback import apply_fallbacks, completions, expand_hyphens, known, prewarm, shown_query
from .scoring import Unsupported, VectorScorer, best
from .index import IndexStore, IndexUnavailable
from .postcache import PostingCache

log = logging.getLogger(__name__)

MAX_QUERY = 1000
TEXT_FIELDS = ["title", "headings", "body", "attachments", "case_title"]


class BM25FClassicIdf(scoring.BM25F):
    """BM25F with the classic (Robertson/Spärck Jones) idf, as Lucene has it:
    a word in nearly every document weighs next to nothing. Whoosh's own idf,
    log(N / (n + 1)) + 1, gives even such a word at least 1, so the common
    words of a question ("hvornår godkendte styregruppen …") outweighed its
    one rare word ("genomdata"). VectorScorer uses the same formula (over the
    user's own documents, or through the searcher without a mask)."""

    @staticmethod
    def idf_of(df: int, n_docs: int) -> float:
        """The idf of a word found in ``df`` of ``n_docs`` documents (also
        what VectorScorer uses over the documents the user may see)."""
        return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))

    def idf(self, searcher, fieldname, text):
        parent = searcher.get_parent()
        return self.idf_of(parent.doc_frequency(fieldname, text), parent.doc_count_all())


#: Ranking: BM25F with its length normalisation per field (B) and the
#: weight of each field in a query, chosen on both judged sets
#: (bench/tune_relevance.py; docs/performance.md has the figures). The
#: searchers are made with WEIGHTING and VectorScorer reads it from them, so
#: the array scoring and Whoosh's own stay the same formula. Headings are not
#: length-normalised: Whoosh's average field length counts the documents
#: without headings, so a long paper with many headings looked "long" there.
WEIGHTING = BM25FClassicIdf(B=0.75, K1=1.2, headings_B=0.0)
FIELD_BOOSTS = {"title": 1.0, "headings": 0.5, "body": 1.25, "attachments": 1.0, "case_title": 1.0}
FIELD_ALIASES = {  # `field:value` for those who want it, in Danish too
    "titel": "title", "tekst": "body", "bilag": "attachments", "sag": "case_number", "type": "kind",
    "overskrift": "headings",
    "status": "status", "kategori": "category", "sagsbehandler": "author",
    "forfatter": "author",  # (the word the UI used before "sagsbehandler"; kept so old queries work)
    "år": "year", "aar": "year",
    "region": "regions", "nummer": "numbers",
    "fra": "sender", "afsender": "sender", "til": "recipients", "modtager": "recipients",
}
FACETS = ("type", "kind", "year", "status", "category", "regions", "author")


def field_aliases() -> dict[str, list[str]]:
    """Each field with every word that names it (``sagsbehandler`` and
    ``forfatter`` both name ``author``: a field has several aliases)."""
    aliases: dict[str, list[str]] = {}
    for alias, field in FIELD_ALIASES.items():
        aliases.setdefault(field, []).append(alias)
    return aliases
PAGE_SIZE = 20
STAMP_MARGIN_NS = 2_000_000_000  # how old a file time must be to be trusted to change with the next write
POSTING_CACHE_MB = 64  # decoded posting lists kept between queries (rsi_case.search.posting_cache_mb)


@dataclasses.dataclass
class Filters:
    kind: str = ""
    status: str = ""
    category: str = ""
    region: str = ""
    author: str = ""
    year: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    type: str = ""  # "case", "document" or "decision"


@dataclasses.dataclass
class Hit:
    uid: str
    type: str
    object_id: int
    number: str
    title: str
    kind: str
    status: str
    case_number: str
    case_title: str
    date: dt.datetime | None
    score: float
    highlights: str = ""


@dataclasses.dataclass
class Result:
    query: str
    total: int = 0
    hits: list = dataclasses.field(default_factory=list)
    facets: dict = dataclasses.field(default_factory=dict)
    page: int = 1
    pages: int = 1
    suggestion: str | None = None
    message: object = None  # a translation string for the user
    unavailable: bool = False
    stale: bool = False  # the index is of an older format and is being rebuilt
    exact: Hit | None = None
    text_query: object = None
    schema: object = None
    searched_for: str | None = None  # the query as searched, when unknown words were searched as their parts
    unknown_words: list = dataclasses.field(default_factory=list)  # ... and those words, as typed
    ways_on: list = dataclasses.field(default_factory=list)  # [WayOn] when nothing was found


@dataclasses.dataclass
class WayOn:
    """A search that finds something when this one found nothing: ``query``
    (with the filters, unless ``without_filters``) gives ``total`` hits."""
    kind: str  # "words" (the phrase's words), "filters" (without the filters), "begins" (a word begun)
    query: str
    total: int
    without_filters: bool = False


def text_fields(schema) -> list[str]:
    """The text fields a query searches (an index of an older format may lack one)."""
    return [f for f in TEXT_FIELDS if schema is None or f in schema]


def clean_query(text: str) -> str:
    text = normalize(text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in " \t")
    return re.sub(r"\s+", " ", text).strip()[:MAX_QUERY]


def number_terms(text: str) -> list[str]:
    """The index keys of a typed case, document or decision number, if it is
    one (every way it can be read: ``12/34`` may be case 12/0034 or document
    00012/34; short forms as :func:`typed_numbers` reads them)."""
    keys = [str(number).lower() for number in typed_numbers(text)]
    if keys:
        return keys
    if re.fullmatch(r"[0-9]{3,6}", text.strip()):
        return [text.strip().lstrip("0") or "0"]
    return []


def exclude_negations(q):
    """``projekt NOT telefoni`` means projekt without telefoni. With the
    or-group the parser gives ``projekt OR (NOT telefoni)`` — everything
    without telefoni; turn each group's negations into an and-not."""
    if isinstance(q, (Q.Or, Q.And)):
        subs = [exclude_negations(s) for s in q.subqueries]
        negated = [s.query for s in subs if isinstance(s, Q.Not)]
        positive = [s for s in subs if not isinstance(s, Q.Not)]
        group = copy.copy(q)
        if negated and positive:
            group.subqueries = positive
            return Q.AndNot(group, Q.Or(negated))
        group.subqueries = subs
        return group
    return q


PARTY_FIELDS = frozenset({"sender", "recipients"})


def _on_party_fields(q) -> bool:
    leaves = list(q.leaves()) if q.is_leaf() is False else [q]
    return bool(leaves) and all(getattr(leaf, "fieldname", None) in PARTY_FIELDS for leaf in leaves)


def require_parties(q):
    """``røntgenudstyr fra:rm.example`` means the mails from rm.example about
    røntgenudstyr: a sender or recipient in a query narrows what the other
    words find (the or-group would otherwise add everything else about
    røntgenudstyr)."""
    if not isinstance(q, Q.Or) or type(q) is not Q.Or:
        return q
    parties = [s for s in q.subqueries if _on_party_fields(s)]
    if not parties:
        return q
    rest = [s for s in q.subqueries if not _on_party_fields(s)]
    if not rest:
        return Q.And(parties)
    group = copy.copy(q)
    group.subqueries = rest
    return Q.And([group, *parties])


class SearchService:
    def __init__(self, store: IndexStore, indexer=None, posting_cache_mb: float = POSTING_CACHE_MB):
        self.store = store
        self.indexer = indexer
        # decoded posting lists between queries (0: none); see .postcache
        self.postings = PostingCache(posting_cache_mb * 2**20) if posting_cache_mb > 0 else None
        self._ix = None
        self._generation = None
        self._outdated = False
        self._searcher = None
        self._retired = []  # readers of the searcher before the last refresh, closed at the next one
        self._lock = threading.Lock()
        self._columns = None
        self._segments: dict = {}  # segment id → its arrays
        self._lengths: dict = {}  # (segment id, field) → field lengths, for scoring
        self._vocab = {field: {} for field in CODED}  # value → code, shared by all segments
        self._parsers: dict = {}  # id(schema) → (schema, its query parser)
        self._seen = None  # the index's stamp at the last full look, when it can be trusted

    def _current(self):
        with self._lock:
            stamp = self._stamp()
            if stamp is not None and stamp == self._seen and self._searcher is not None:
                return self._searcher  # nothing written since the last full look
            searcher = self._look()
            # a stamp is trusted only once its times lie well in the past: a change within the
            # file system's clock tick of the look would leave the same times behind
            trusted = stamp is not None and time.time_ns() - max(stamp[0], stamp[3]) > STAMP_MARGIN_NS
            self._seen = stamp if trusted else None
            return searcher

    def _stamp(self):
        """The index's state as two stats: the file naming the generation in
        use and that generation's folder, whose time changes with every file
        Whoosh adds, replaces or removes there (a commit, a deletion, a
        merge). Reading the one and asking Whoosh about the other was most of
        a number search (docs/performance.md)."""
        if self._generation is None:
            return None
        try:
            pointer, folder = os.stat(self.store.current_file), os.stat(self._generation)
        except OSError:
            return None
        return (pointer.st_mtime_ns, pointer.st_ino, pointer.st_size, folder.st_mtime_ns, folder.st_ino,
                folder.st_size)

    def _look(self):
        """The searcher of the generation in use, opened or refreshed as needed (the caller holds the lock)."""
        generation = self.store.current_dir()
        if self._ix is None or generation != self._generation:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._ix = self.store.open()
            self._generation = generation
            # built by an older version: answers until the rebuild replaces it, but says so
            self._outdated = self.store.outdated()
        if self._searcher is None:
            self._searcher = self._ix.searcher(weighting=WEIGHTING)
            # the word lists the unknown-word fallback looks through, read ahead
            threading.Thread(target=prewarm, args=(self._searcher,), name="search-prewarm", daemon=True).start()
        elif not self._searcher.up_to_date():
            self._searcher = self._refreshed(self._searcher)
        return self._searcher

    def _refreshed(self, searcher):
        """A searcher for the index's latest generation that reuses the open
        readers of segments that did not change (~1 ms instead of reopening
        them all). Whoosh's own ``Searcher.refresh`` cannot be used: it
        reuses a segment's reader when the segment has since deleted
        documents (an updated entry then shows twice, its old access rules
        included) and brings merged-away segments back."""
        from whoosh.reading import EmptyReader, MultiReader, SegmentReader
        from whoosh.searching import Searcher

        ix = self._ix
        toc = ix._read_toc()
        old = {}
        for reader, _offset in searcher.reader().leaf_readers():
            segment = reader.segment()
            if segment is not None:
                old[segment.segment_id()] = reader
        readers = []
        for segment in toc.segments:
            reader = old.get(segment.segment_id())
            if reader is not None and reader.segment().deleted_count() == segment.deleted_count():
                del old[segment.segment_id()]  # unchanged: reused as it is
            else:
                reader = SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation)
            readers.append(reader)
        # readers no longer used are closed one refresh later: a request may still be reading them
        for reader in self._retired:
            reader.close()
        self._retired = list(old.values())
        if not readers:
            combined = EmptyReader(toc.schema)
        elif len(readers) == 1:
            combined = readers[0]
        else:
            combined = MultiReader(readers, generation=toc.generation)
        return Searcher(combined, fromindex=ix, weighting=WEIGHTING)

    def parser(self, schema):
        fields = text_fields(schema)
        parser = qparser.MultifieldParser(fields, schema, fieldboosts={f: FIELD_BOOSTS.get(f, 1.0) for f in fields},
                                          group=qparser.OrGroup.factory(0.9))
        parser.remove_plugin_class(PhrasePlugin)
        parser.add_plugin(DanishPhrasePlugin())
        parser.add_plugin(qparser.FieldAliasPlugin(field_aliases()))
        parser.remove_plugin_class(qparser.WildcardPlugin)
        return parser

    def _parser_for(self, schema):
        """The parser of ``schema``, made once per index generation (making
        one compiles its plugins' patterns: a fifth of parsing a short
        query). Parsing does not change the parser, so requests share it."""
        made = self._parsers.get(id(schema))
        if made is None or made[0] is not schema:
            made = (schema, self.parser(schema))
            self._parsers = {id(schema): made}  # (only the generation in use)
        return made[1]

    def build_query(self, schema, text: str):
        parser = self._parser_for(schema)
        try:
            parsed = parser.parse(text)
        except Exception:  # whatever the parser trips on: search the words
            words = re.findall(r"\w+", text)
            parsed = Q.Or([Q.Term(f, w.lower()) for w in words for f in text_fields(schema)]) if words else Q.NullQuery
        parsed = require_parties(exclude_negations(parsed))
        parsed = expand_hyphens(parsed, text, schema, TEXT_FIELDS)
        numbers = number_terms(text)
        if numbers:
            return Q.Or([Q.Term("numbers", n, boost=50.0) for n in numbers] + [parsed]), parsed
        return parsed, parsed

    def columns(self, searcher) -> Columns:
        """The per-document arrays of ``searcher``, built once per searcher
        (a refreshed searcher re-reads only its new segments)."""
        with self._lock:
            if self._columns is None or self._columns.searcher is not searcher:
                live = {sub.reader().segment().segment_id() for sub, _o in searcher.leaf_searchers()
                        if sub.reader().segment() is not None}
                for key in set(self._segments) - live:
                    del self._segments[key]  # merged away or dropped
                for key in [k for k in self._lengths if k[0] not in live]:
                    del self._lengths[key]
                self._columns = Columns(searcher, self._segments, self._vocab)
            return self._columns

    @staticmethod
    def filter_mask(columns: Columns, filters: Filters):
        """The filters as a mask over the searcher's documents (None: no filter)."""
        mask = None
        for field, value in (("kind", filters.kind), ("status", filters.status), ("category", filters.category),
                             ("regions", filters.region), ("author", filters.author), ("type", filters.type),
                             ("year", filters.year)):
            if value:
                part = columns.value_mask(field, value)
                mask = part if mask is None else mask & part
        if filters.date_from or filters.date_to:
            part = columns.date_mask(filters.date_from, filters.date_to)
            mask = part if mask is None else mask & part
        return mask

    def search(self, text: str, principals, filters: Filters | None = None, sort: str = "relevance",
               page: int = 1, pagelen: int = PAGE_SIZE, facets: bool = True, guidance: bool = True) -> Result:
        """One page of what ``principals`` may see of ``text`` under ``filters``.
        ``guidance``: also "mente du …?" and, when nothing is found, ways on
        (a caller that only counts or lists hits does without)."""
        text = clean_query(text)
        filters = filters or Filters()
        result = Result(query=text, page=max(1, page))
        if not text and not any(dataclasses.astuple(filters)):
            return result
        try:
            searcher = self._current()
            columns = self.columns(searcher)
        except IndexUnavailable:
            result.unavailable = True
            if self.indexer is not None:
                self.indexer.request_rebuild()
            return result
        if self._outdated:
            result.stale = True
            if self.indexer is not None:
                self.indexer.request_rebuild()
        schema = searcher.schema
        query, text_query = self.build_query(schema, text) if text else (Q.Every(), Q.Every())
        result.text_query, result.schema = text_query, schema
        # who may see what, and the filters, as one set of document numbers
        acl_mask, allowed = columns.allowed(principals)
        extra = self.filter_mask(columns, filters)
        allow_mask = acl_mask
        if extra is not None:
            allow_mask = acl_mask & extra
            allowed = set(np.flatnonzero(allow_mask).tolist())
        if not allowed:  # (an empty filter set would mean "no filter" to Whoosh)
            result.facets = {name: [] for name in FACETS} if facets else {}
            if text and guidance:
                result.ways_on = self._ways_on(searcher, text, text_query, principals, filters, acl_mask)
            return result
        numbers = number_terms(text) if text else []
        typed_query = text_query
        if text and not numbers:
            # words the user may see nothing of: searched as their known parts, or the compounds they live in
            text_query, rewrites = apply_fallbacks(text_query, text, searcher, schema, TEXT_FIELDS, allow_mask)
            if rewrites:
                query = text_query
                result.text_query = text_query
                result.searched_for = shown_query(text, rewrites)
                result.unknown_words = [r.typed for r in rewrites]
        try:  # terms with or/and/not (nearly every query typed): matched and scored as arrays
            # scored with the statistics of the user's own documents (``universe``): nothing they may
            # not see moves their ranking; phrases are checked only where ``allow_mask`` allows
            matched, scores = VectorScorer(searcher, self._lengths, universe=acl_mask,
                                           cache=self.postings).score(query, allow_mask)
            keep = allow_mask[matched]
            docs, scores = matched[keep], scores[keep]
        except Unsupported:  # phrases, ranges, …: Whoosh scores them itself
            matched, scores = matching_docs(query, searcher), None
            docs = matched[allow_mask[matched]]
        result.total = len(docs)
        result.pages = max(1, -(-result.total // pagelen))
        if result.page > result.pages:
            result.page = 1
        start = (result.page - 1) * pagelen
        if not result.total:
            page_docs = []
        elif sort == "date":
            page_docs = [(0.0, int(d)) for d in columns.newest_first(docs)[start:start + pagelen]]
        elif scores is not None:
            page_docs = best(docs, scores, start, pagelen)
        else:  # only the best page is scored (with Whoosh's block-quality skipping)
            top = searcher.search(query, limit=start + pagelen, filter=allowed)
            page_docs = list(top.top_n[start:start + pagelen])
        for score, docnum in page_docs:
            hit = searcher.stored_fields(docnum)
            result.hits.append(Hit(
                uid=hit["uid"], type=hit["type"], object_id=hit["object_id"], number=hit["number"],
                title=hit.get("title", ""), kind=hit.get("kind", ""), status=hit.get("status", ""),
                case_number=hit.get("case_number", ""), case_title=hit.get("case_title", ""), date=hit.get("date"),
                score=score or 0.0))
        if facets:
            counts = columns.facets(docs, FACETS)
            for name in FACETS:
                result.facets[name] = sorted(((k, v) for k, v in counts.get(name, {}).items() if k not in (None, "")),
                                             key=lambda kv: (-kv[1], str(kv[0])))
        if numbers and result.hits and result.hits[0].number.lower() in numbers:
            result.exact = result.hits[0]
        if text and result.total < 3 and not numbers and guidance:
            result.suggestion = self._suggest(searcher, typed_query, text, allow_mask)
        if text and not result.total and guidance:
            result.ways_on = self._ways_on(searcher, text, typed_query, principals, filters, acl_mask)
        return result

    def _ways_on(self, searcher, text, typed_query, principals, filters, acl_mask) -> list:
        """What to try when nothing was found: the words of a quoted phrase
        without the quotes, the search without its filters, and words that
        begin with a word typed that finds nothing. Each is counted by a
        real search for the same user, so every number shown comes from what
        the user may see; a begun word is only offered if it has such hits."""
        ways = []

        def count(q, f):
            return self.search(q, principals, f, pagelen=1, facets=False, guidance=False).total

        if '"' in text:
            words = clean_query(text.replace('"', " "))
            if words and (n := count(words, filters)):
                ways.append(WayOn("words", words, n))
        if any(dataclasses.astuple(filters)) and (n := count(text, Filters())):
            ways.append(WayOn("filters", text, n, without_filters=True))
        for (start, end), term in _query_words(typed_query).items():
            if known(searcher, TEXT_FIELDS, term, acl_mask):
                continue
            for _hits, word in completions(searcher, TEXT_FIELDS, text[start:end], acl_mask):
                q = text[:start] + word + text[end:]
                if n := count(q, filters):
                    ways.append(WayOn("begins", q, n))
        return ways[:6]

    def _suggest(self, searcher, text_query, text, allow_mask) -> str | None:
        """"Mente du …?": the query with each word that finds nothing the user
        may see replaced by the nearest word that does.

        Everything here is decided inside the user's permission-filtered set
        (``allow_mask``): whether a word needs correcting (it has no hit the
        user may see — not "it is not in the index", which would treat a word
        that only a confidential case holds differently from a word nobody
        wrote), which words are candidates (only those with hits in the set)
        and how candidates are ranked (edit distance, then how many of the
        user's documents hold them). So the answer is the same as it would be
        if the documents the user may not see did not exist: no word of a
        confidential case or of a draft the user may not read can come back.
        """
        words = _query_words(text_query)
        if not words:
            return None
        changes = []
        for (start, end), term in words.items():
            if _allowed_hits(searcher, TEXT_FIELDS, term, allow_mask):
                continue
            best_word = _nearest_allowed(searcher, term, allow_mask)
            if best_word is None:
                continue
            changes.append((start, end, _as_typed(text[start:end], term, best_word)))
        if not changes:
            return None
        corrected = text
        for start, end, word in sorted(changes, reverse=True):
            corrected = corrected[:start] + word + corrected[end:]
        if corrected.lower() == text.lower():
            return None
        return corrected

    @staticmethod
    def highlight(text_query, schema, text: str, top: int = 2) -> str:
        """An escaped snippet of ``text`` with the query's words in <mark>."""
        from html import escape

        from whoosh import highlight

        terms = set()
        if text_query is not None and hasattr(text_query, "iter_all_terms"):
            for field, term in text_query.iter_all_terms():
                if field in TEXT_FIELDS:
                    terms.add(term.decode("utf-8") if isinstance(term, bytes) else str(term))
        plain = escape(text[:240]) + ("…" if len(text) > 240 else "")
        if not terms or not text:
            return plain
        snippet = highlight.highlight(
            _excerpt(text, terms), terms, schema["body"].analyzer,
            highlight.ContextFragmenter(maxchars=220, surround=70),
            highlight.HtmlFormatter(tagname="mark", classname="", termclass="", between=" … "), top=top,
            mode="index")
        return re.sub(r'<mark class="[^"]*">', "<mark>", snippet) if snippet else plain


SUGGEST_MAXDIST = 2
SUGGEST_PREFIX = 1


def _query_words(text_query) -> dict:
    """{(start, end) in the query string: the analysed term} of the query's
    plain words (each word is searched in every text field; one entry per word)."""
    words = {}
    if text_query is None or not hasattr(text_query, "all_tokens"):
        return words
    for token in text_query.all_tokens():
        if token.fieldname not in TEXT_FIELDS or getattr(token, "startchar", None) is None:
            continue
        text = token.text.decode("utf-8") if isinstance(token.text, bytes) else str(token.text)
        if len(text) < 3 or not text.isalpha():
            continue  # numbers and short words are not spelling mistakes worth guessing at
        words.setdefault((token.startchar, token.endchar), text)
    return words


def _as_typed(surface: str, term: str, best: str) -> str:
    """The suggested stem written the way the user wrote their word: with the
    ending they typed (``telefonplatfxrmen`` → ``telefoniplatformen``, not the
    bare stem ``telefoniplatform``) when that ending stems back to it, and
    capitalised if they capitalised."""
    from .analysis import stem

    low = surface.lower()
    word = best
    if low.startswith(term) and stem(best + low[len(term):]) == best:
        word = best + low[len(term):]
    return word[:1].upper() + word[1:] if surface[:1].isupper() else word


def _allowed_hits(searcher, fields, term: str, allow_mask) -> int:
    """How many documents the user may see (``allow_mask``) hold ``term`` in any of ``fields``."""
    from .docsets import _leaf_ids

    total = 0
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        ids = []
        for field in fields:
            try:
                btext = searcher.schema[field].to_bytes(term)
            except (KeyError, ValueError):
                continue
            if (field, btext) in reader:
                ids.append(_leaf_ids(reader.postings(field, btext)) + offset)
        if ids:
            docs = np.unique(np.concatenate(ids))
            docs = docs[docs < len(allow_mask)]
            hits = docs[allow_mask[docs]]
            total += len(hits)
    return total


def _nearest_allowed(searcher, term: str, allow_mask) -> str | None:
    """The nearest index word to ``term`` that finds something the user may
    see: fewest edits first, then the most of the user's documents."""
    from whoosh.support.levenshtein import distance

    candidates = set()
    for sub, _offset in searcher.leaf_searchers():
        reader = sub.reader()
        for field in TEXT_FIELDS:
            if field not in searcher.schema:
                continue
            try:
                candidates.update(reader.terms_within(field, term, SUGGEST_MAXDIST, prefix=SUGGEST_PREFIX))
            except Exception:  # a reader without a word list: no suggestion from it
                continue
    ranked = []
    for word in candidates:
        if word == term or not word.isalpha():
            continue
        hits = _allowed_hits(searcher, TEXT_FIELDS, word, allow_mask)
        if hits:
            ranked.append((distance(word, term), -hits, word))
    return min(ranked)[2] if ranked else None


def _excerpt(text: str, terms, room: int = 300, most: int = 4, longest: int = 2400) -> str:
    """The parts of a long text where the query's words may be, for the
    highlighter to analyse (analysing a whole 30-page memo per hit is what
    made snippets slow). A term is a stem or a compound part, so it is
    looked for anywhere inside a word; the windows around the first few
    places are kept whole, and the analyser then decides what really matches."""
    if len(text) <= longest:
        return text
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True) if len(t) > 1),
                         re.IGNORECASE)
    spans = []
    for m in pattern.finditer(text):
        start, end = max(0, m.start() - room), min(len(text), m.end() + room)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        if len(spans) >= most:
            break
    if not spans:
        return text[:longest]
    return " … ".join(text[a:b] for a, b in spans)
