"""Danish text analysis for the full-text index (Whoosh).

Pure functions and classes: no Pyramid, no database. The search feature
builds its schema from :func:`danish_analyzer`; the benchmark
``bench/search_analysis.py`` measures what the pieces cost.

The chain (index side)::

    DanishTokenizer        normalise (NFC, controls, soft hyphens, dashes), then
                           a RegexTokenizer: words, hyphen groups (sundheds-it)
                           and numbers (09/2867, 62947/09, 1.000) stay one token
    | LowercaseFilter
    | HyphenFilter         sundheds-it -> sundhedsit + sundheds + it
    | StopFilter           Whoosh's Danish list only (no English list: "it",
                           "the", "will" are ordinary words), renumber=False
    | DecompoundFilter     samarbejdsprojekter -> + samarbejd + projekter
    | StemFilter(lang="da") Snowball Danish, applied to every token above

Positions -- the one rule: **one written word occupies one position**. The
tokenizer numbers the words; everything a filter adds for a word (the joined
form of a hyphen group, its parts, the parts of a compound) is *stacked* on
that word's position, the way a synonym is (Lucene's compound filters do the
same: position increment 0). On the query side every word yields exactly one
token (a hyphen group yields only its joined form; the query is not
decompounded). Consequences, all pinned by tests:

* a phrase over original words matches exactly as before decompounding:
  ``"fælles udbud"`` needs ``fælles`` at p and ``udbud`` at p+1; the
  compound ``fællesudbuddet`` puts both parts on the *same* position, so it
  does not match the phrase;
* a stacked part behaves in a phrase like a synonym of its word:
  ``"fælles udbud"`` also matches ``fælles EU-udbud`` and ``"fælles
  projekter"`` matches ``fælles samarbejdsprojekter`` -- the phrase's words
  are adjacent and in order, one of them is the head of a compound there.
  Keeping phrases free of this would need the parts in a separate field (or
  under a marked term text that every term query ORs in); we judged the
  synonym behaviour the right trade for an archive (it is what a reader of
  "fælles udbud" wants to find) and it keeps the stock query parser working;
* stop words leave a gap (``renumber=False``): ``"fælles udbud"`` does *not*
  match ``fælles og udbud``. Whoosh's own phrase query forgets the gaps of
  the query (it only keeps the list of words), so a quoted phrase with a
  stop word inside (``"følg eller forklar"``) would then never match; use
  :class:`DanishPhrasePlugin` (it keeps the query's gaps) in the parser.

Compounds: :class:`Lexicon` is a set of Snowball stems of frequent *simple*
words, built from the corpus itself, plus the hyphenated forms seen in it
(``sundheds-it`` teaches that ``sundhedsit`` is ``sundheds`` + ``it``).
:meth:`Lexicon.split` decomposes an unknown long word by dynamic programming
into known parts joined by the Danish linking elements ``s`` / ``e``; a word
whose own stem is in the lexicon (``regionerne`` -> ``region``) is never
split. Offsets (``startchar``/``endchar``) refer to ``normalize(text)``:
store normalised text (normalising is idempotent).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Iterable

from whoosh import matching
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.analysis.filters import Filter
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.qparser.common import attach
from whoosh.qparser.plugins import PhrasePlugin
from whoosh.query import NullQuery, Phrase, Term
from whoosh.query.spans import SpanNear2

__all__ = [
    "DANISH_STOPWORDS", "normalize", "stem", "DanishTokenizer", "HyphenFilter",
    "DecompoundFilter", "Lexicon", "danish_analyzer", "analyze",
    "GappedPhrase", "DanishPhrasePlugin",
]

# --------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------

# C0/C1 controls except TAB/LF/CR, and the invisible format characters that
# Word and web pages leave in text: soft hyphen, zero-width space/joiners,
# direction marks and embeddings, word joiner, BOM. Removed outright.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
# VT and FF (Word's manual line break / page break) and the Unicode line
# separators: whitespace, so a space (keeps offsets).
_BREAKS = re.compile("[\x0b\x0c\u2028\u2029\u0085]")
# typographic hyphens and dashes *between two letters* fold to "-":
# hyphen, non-breaking hyphen, figure dash, en dash, minus sign.
# (between digits an en dash is a range, "2010–2013": left alone.)
_LETTER_DASH = re.compile(r"(?<=[^\W\d_])[\u2010\u2011\u2012\u2013\u2212](?=[^\W\d_])")
# other space separators (no-break space, thin space, ...) -> " "
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def normalize(text: str) -> str:
    """The text as it should be stored and indexed.

    Invisible characters removed (controls, soft hyphens, zero-width
    characters), odd spaces and line separators made plain spaces, a
    typographic hyphen or en dash between letters made "-", then NFC
    (so an ``ä`` pasted from macOS as ``a`` + U+0308 is one ``ä``).
    Idempotent.
    """
    if not text:
        return ""
    text = _INVISIBLE.sub("", text)
    if not text.isascii():
        text = _BREAKS.sub(" ", text)
        text = _SPACES.sub(" ", text)
        # NFC first: a dash can only be "between letters" once the letters are composed
        text = unicodedata.normalize("NFC", text)
        text = _LETTER_DASH.sub("-", text)
    else:
        text = _BREAKS.sub(" ", text)
    return text


# --------------------------------------------------------------------------
# Stop words and stemming
# --------------------------------------------------------------------------

#: Whoosh's Danish stop list (Snowball's), and nothing else: no English words.
DANISH_STOPWORDS: frozenset[str] = frozenset(stopwords_for_language("da"))

_snowball_da = stemmer_for_language("da")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball Danish stem (the same function StemFilter(lang="da") uses)."""
    return _snowball_da(word)


# --------------------------------------------------------------------------
# Tokenizer
# --------------------------------------------------------------------------

# an "atom" is a number with inner . , / (09/2867, 62947/09, 1.000, 6,5) or a
# run of letters/digits; a token is atoms joined by single hyphens.
_ATOM = r"(?:\d+(?:[./,]\d+)+|[^\W_]+)"
TOKEN_PATTERN = _ATOM + r"(?:-" + _ATOM + r")*"


class DanishTokenizer(RegexTokenizer):
    """RegexTokenizer over ``normalize(value)``.

    Keeps ``09/2867``, ``62947/09`` and ``sundheds-it`` as one token each
    (the HyphenFilter takes hyphen groups apart). Character offsets refer to
    the normalised text.
    """

    def __init__(self, expression=TOKEN_PATTERN):
        super().__init__(expression=expression, gaps=False)

    def __call__(self, value, **kwargs):
        return super().__call__(normalize(value), **kwargs)


# --------------------------------------------------------------------------
# Hyphen groups
# --------------------------------------------------------------------------

class HyphenFilter(Filter):
    """``sundheds-it`` -> ``sundhedsit`` (joined), ``sundheds``, ``it``.

    Index side: the joined form, the parts and, for three or more parts, the
    joined runs of adjacent parts (``sundheds-it-organisation`` also gives
    ``sundhedsit`` and ``itorganisation``), all on the word's position.
    Query side: only the joined form, one token for the word, so a quoted
    phrase stays aligned and ``sundheds-it`` / ``sundhedsit`` are the same
    query. Sets ``token.joined`` (True for the joined forms) for the
    DecompoundFilter, which leaves joined forms alone.
    """

    max_parts = 6

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            if "-" not in text:
                t.joined = False
                yield t
                continue
            parts = [p for p in text.split("-") if p]
            joined = "".join(parts)
            t.joined = True
            t.text = joined
            yield t
            if t.mode == "query":
                continue
            emitted = {joined}
            extra = list(parts)
            n = len(parts)
            if 3 <= n <= self.max_parts:
                extra += ["".join(parts[i:j]) for i in range(n) for j in range(i + 2, n + 1)
                          if j - i < n]
            for part in extra:
                if part in emitted:
                    continue
                emitted.add(part)
                t.text = part
                t.joined = part not in parts
                yield t


# --------------------------------------------------------------------------
# Lexicon and decompounding
# --------------------------------------------------------------------------

LINKS = ("", "s", "e")

#: A modifier that ends in one of these noun suffixes and is followed by the
#: linking ``s`` is accepted even when the corpus never has it on its own
#: (``handlings``+``plan``, ``ledelses``+``information``): Danish nouns in
#: -ing/-hed/-else/-tion/... take the linking s, particle verbs never do.
NOUN_SUFFIXES = ("ing", "hed", "else", "tion", "sion", "skab", "dom", "tet", "ment", "isme")

#: Words that are never compound parts, though frequent and >= 4 letters:
#: pronouns, adverbs and verb particles the Snowball stop list does not have
#: (``ingen`` would make ``behandlingen`` = ``behandl`` + ``ingen``;
#: ``frem``/``inde``/``fast`` make ``fremdrift``, ``indeholde``,
#: ``fastholde`` -- particle verbs, whose "parts" find the wrong things).
NOT_PARTS = frozenset("""
    ingen intet alene samt inde oppe nede frem tilbage videre sammen igen
    mere mest mindre mindst større største først første sidst sidste bedre
    bedst ellers endnu altid aldrig allerede desuden derfor dermed derved
    heraf herved herunder hvilke hvilken hvilket hver hvert enhver egen egne
    eget både mellem omkring gennem siden inden uden hele helt nogen samme
    andre andet blot netop dels ofte stadig fast fort bort hjem henne
    hinanden ligesom lige ligeledes således altså fordi selvom mens hvorfor
    hvordan hvornår hvorvidt derefter herefter foran ifølge blandt
""".split())
#: Words that are also derivational suffixes: as a "part" they would cut
#: ``vurdering`` into ``vurde`` + ``ring`` and ``personlige`` into
#: ``person`` + ``lige``. Their stems never become lexicon words.
SUFFIX_WORDS = frozenset("""
    ing inger ingen ring ringe ning else hed heder lig lige ende skab fuld
    fulde mæssig mæssige agtig agtige isme
""".split())
_LEXICON_FORMAT = "rsi-sag-lexicon/1"


class Lexicon:
    """The simple words of a corpus, for splitting its compounds.

    ``words`` are Snowball stems of frequent words that are not themselves
    compounds of other lexicon words. ``hyphenated`` maps a joined hyphen
    group seen in the corpus to its parts (``sundhedsit`` -> ``sundheds``,
    ``it``). Parts must be at least ``min_part`` letters (4 by default:
    3 lets ``tid``/``sag``/``ind`` in and with them nonsense splits).
    """

    def __init__(self, words: Iterable[str] = (), hyphenated: dict | None = None,
                 min_part: int = 4, min_count: int | None = None):
        self.words = frozenset(words)
        self.hyphenated = {k: tuple(v) for k, v in (hyphenated or {}).items()}
        self.min_part = min_part
        self.min_count = min_count
        self._init_caches()

    def _init_caches(self):
        self._prefixes = frozenset(w[:3] for w in self.words)
        self._split_cache: dict[str, tuple[str, ...]] = {}
        self._exp_cache: dict[str, tuple[str, ...]] = {}

    # pickled inside a Whoosh schema (the TOC of a file index): no caches
    def __getstate__(self):
        return {"words": self.words, "hyphenated": self.hyphenated,
                "min_part": self.min_part, "min_count": self.min_count}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._init_caches()

    def __eq__(self, other):
        return (isinstance(other, Lexicon) and self.words == other.words
                and self.hyphenated == other.hyphenated and self.min_part == other.min_part)

    def __len__(self):
        return len(self.words)

    def __contains__(self, stem_: str):
        return stem_ in self.words

    def __repr__(self):
        return f"Lexicon({len(self.words)} words, {len(self.hyphenated)} hyphenated, min_part={self.min_part})"

    # -- building ---------------------------------------------------------

    @classmethod
    def build(cls, texts: Iterable[str], min_count: int = 2, min_part: int = 4,
              stopwords: frozenset[str] = DANISH_STOPWORDS) -> "Lexicon":
        """Lexicon of a corpus (an iterable of plain texts).

        Counts the stems of alphabetic words of at least ``min_part``
        letters (stop words excluded); stems seen ``min_count`` times are
        candidates. Candidates are taken shortest first, and one that splits
        into candidates already taken is a compound, not a lexicon word
        (``handlingsplan`` = ``handling`` + s + ``plan``, so
        ``handlingsplaner`` is split and ``plan`` finds it).
        """
        token_re = re.compile(TOKEN_PATTERN)
        counts: Counter[str] = Counter()
        surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        hyphen: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
        excluded = frozenset(stem(w) for w in NOT_PARTS | SUFFIX_WORDS)
        stopwords = stopwords | NOT_PARTS
        for text in texts:
            for m in token_re.finditer(normalize(text).lower()):
                tok = m.group(0)
                if "-" in tok:
                    parts = tuple(p for p in tok.split("-") if p)
                    if all(p.isalpha() and len(p) >= 2 for p in parts):
                        hyphen["".join(parts)][parts] += 1
                    words = parts
                else:
                    words = (tok,)
                for w in words:
                    if len(w) >= min_part and w.isalpha() and w not in stopwords:
                        s = stem(w)
                        if s in excluded:
                            continue
                        counts[s] += 1
                        surfaces[s][w] += 1
        candidates = [(surfaces[s].most_common(1)[0][0], s) for s, c in counts.items() if c >= min_count]
        candidates.sort(key=lambda ws: (len(ws[0]), ws[0]))
        words: set[str] = set()
        for surface, s in candidates:
            if len(surface) >= 2 * min_part and cls._dp(surface, words, min_part, None):
                continue  # a compound of words already known
            words.add(s)
        hyphenated = {j: list(c.most_common(1)[0][0]) for j, c in hyphen.items()}
        return cls(words, hyphenated, min_part=min_part, min_count=min_count)

    # -- splitting --------------------------------------------------------

    @staticmethod
    def _dp(word: str, words, min_part: int, prefixes) -> tuple[str, ...]:
        """Best split of ``word`` into >= 2 known parts, or ().

        A part other than the last is a known stem itself or stems to one
        (``samarbejd``, ``laboratorie`` -> ``laboratori``), optionally
        followed by a linking ``s`` or ``e``, or is an unknown noun in
        -ing/-hed/-else/... followed by the linking ``s``; the last part stems to a known
        stem (``projekter`` -> ``projek``). Fewest parts win, then the most
        even split (largest sum of squared part lengths).
        """
        n = len(word)
        memo: dict[int, tuple | None] = {}

        def known(seg: str) -> bool:
            if prefixes is not None and seg[:3] not in prefixes:
                return False
            return seg in words or stem(seg) in words

        def best(i: int):
            # best decomposition of word[i:] as (parts, score) or None
            if i in memo:
                return memo[i]
            result = None
            if n - i >= min_part and known(word[i:]):
                result = ((word[i:],), (1, -(n - i) ** 2))
            for j in range(i + min_part, n - min_part + 1):
                seg = word[i:j]
                if known(seg):
                    links = LINKS
                elif word[j:j + 1] == "s" and len(seg) >= min_part + 2 and seg.endswith(NOUN_SUFFIXES):
                    links = ("s",)
                else:
                    continue
                for link in links:
                    k = j + len(link)
                    if link and word[j:k] != link:
                        continue
                    if n - k < min_part:
                        continue
                    rest = best(k)
                    if rest is None:
                        continue
                    parts = (seg,) + rest[0]
                    score = (rest[1][0] + 1, rest[1][1] - len(seg) ** 2)
                    if result is None or score < result[1]:
                        result = (parts, score)
            memo[i] = result
            return result

        found = best(0)
        if found is None or len(found[0]) < 2:
            return ()
        return found[0]

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of a compound (surface forms, linking letters dropped),
        or () when ``word`` is not a compound of lexicon words.

        ``samarbejdsprojekter`` -> (``samarbejd``, ``projekter``);
        ``regionerne`` -> () (its stem ``region`` is a lexicon word);
        ``sundhedsit`` -> (``sundheds``, ``it``) if the corpus wrote
        ``sundheds-it``.
        """
        cache = self._split_cache
        got = cache.get(word)
        if got is not None:
            return got
        if word in self.hyphenated:
            parts = self.hyphenated[word]
        elif len(word) < 2 * self.min_part or not word.isalpha() or stem(word) in self.words:
            parts = ()
        else:
            parts = self._dp(word, self.words, self.min_part, self._prefixes)
        if len(cache) > 200_000:
            cache.clear()
        cache[word] = parts
        return parts

    def expansions(self, word: str) -> tuple[str, ...]:
        """What the index adds for ``word``: its parts, the parts of parts that
        are compounds themselves and, for three or more parts, the runs of
        adjacent parts (surface forms, to be stemmed)."""
        got = self._exp_cache.get(word)
        if got is not None:
            return got
        parts = self.split(word)
        out: tuple[str, ...] = ()
        if parts:
            extra = []
            for p in parts:
                # a part may be a compound itself: cybersikkerheds+beredskab
                extra.append(p)
                extra.extend(self.expansions(p))
            if len(parts) >= 3:
                # spans: from the start of part i to the end of part j (no link)
                starts, pos = [], 0
                for p in parts:
                    pos = word.index(p, pos)
                    starts.append(pos)
                    pos += len(p)
                for i in range(len(parts)):
                    for j in range(i + 1, len(parts)):
                        if j - i + 1 < len(parts):
                            extra.append(word[starts[i]:starts[j] + len(parts[j])])
            seen = {word}
            out = tuple(x for x in extra if not (x in seen or seen.add(x)))
        if len(self._exp_cache) > 200_000:
            self._exp_cache.clear()
        self._exp_cache[word] = out
        return out

    # -- serialisation ----------------------------------------------------

    def to_json(self) -> str:
        return json.dumps({
            "format": _LEXICON_FORMAT,
            "min_part": self.min_part,
            "min_count": self.min_count,
            "words": sorted(self.words),
            "hyphenated": {k: list(v) for k, v in sorted(self.hyphenated.items())},
        }, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: str) -> "Lexicon":
        obj = json.loads(data)
        if obj.get("format") != _LEXICON_FORMAT:
            raise ValueError(f"not a lexicon file (format {obj.get('format')!r})")
        return cls(obj["words"], obj.get("hyphenated", {}), min_part=obj.get("min_part", 4),
                   min_count=obj.get("min_count"))

    def save(self, path) -> None:
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.to_json())

    @classmethod
    def load(cls, path) -> "Lexicon":
        with open(path, encoding="utf-8") as f:
            return cls.from_json(f.read())


class DecompoundFilter(Filter):
    """Adds the parts of compound words (index side only), stacked on the
    compound's position. Runs before the StemFilter, which stems the parts
    exactly as it stems query words (``projekter`` -> ``projek`` =
    stem of ``projekt``). Joined hyphen forms and stopped tokens are left
    alone; query tokens pass through unchanged (``decompound_query=False``):
    a query for the compound itself matches the compound's own token, which
    is more precise than requiring or OR-ing its parts."""

    is_morph = True

    def __init__(self, lexicon: Lexicon, decompound_query: bool = False):
        self.lexicon = lexicon
        self.decompound_query = decompound_query

    def __eq__(self, other):
        return (other is not None and self.__class__ is other.__class__
                and self.lexicon == other.lexicon and self.decompound_query == other.decompound_query)

    def __call__(self, tokens):
        expansions = self.lexicon.expansions
        for t in tokens:
            text = t.text
            yield t
            if t.stopped or getattr(t, "joined", False):
                continue
            if t.mode == "query" and not self.decompound_query:
                continue
            extra = expansions(text)
            if extra:
                for part in extra:
                    t.text = part
                    yield t


# --------------------------------------------------------------------------
# The analyzer
# --------------------------------------------------------------------------

def danish_analyzer(lexicon: Lexicon | None = None, decompound_query: bool = False):
    """The Danish analyzer, for both the index and the query side (its
    filters look at ``token.mode``). Without a lexicon: no decompounding."""
    chain = (DanishTokenizer() | LowercaseFilter() | HyphenFilter()
             | StopFilter(stoplist=DANISH_STOPWORDS, renumber=False))
    if lexicon is not None:
        chain = chain | DecompoundFilter(lexicon, decompound_query=decompound_query)
    return chain | StemFilter(lang="da")


def analyze(analyzer, text: str, mode: str = "index") -> list[str]:
    """Token texts (convenience for tests, debugging and the benchmark)."""
    return [t.text for t in analyzer(text, mode=mode)]


# --------------------------------------------------------------------------
# Phrases that keep the gaps of removed stop words
# --------------------------------------------------------------------------

class GappedPhrase(Phrase):
    """A Phrase that knows the position of each word in the query.

    ``"følg eller forklar"`` analyses to ``følg``@0 ``forklar``@2; the index
    has the same gap (the stop word's position is kept), so the words must be
    exactly 2 apart. Whoosh's own Phrase only has the words and demands they
    be adjacent. With ``slop`` s, each gap may grow by up to s-1.
    """

    def __init__(self, fieldname, words, slop=1, boost=1.0, char_ranges=None, positions=None):
        super().__init__(fieldname, words, slop=slop, boost=boost, char_ranges=char_ranges)
        self.positions = list(positions) if positions is not None else None

    def __eq__(self, other):
        return super().__eq__(other) and self.positions == getattr(other, "positions", None)

    def __hash__(self):
        return super().__hash__() ^ hash(tuple(self.positions or ()))

    def _gaps(self):
        if not self.positions or len(self.positions) != len(self.words):
            return [1] * (len(self.words) - 1)
        return [max(1, b - a) for a, b in zip(self.positions, self.positions[1:])]

    def normalize(self):
        if not self.words:
            return NullQuery
        if len(self.words) == 1:
            t = Term(self.fieldname, self.words[0], boost=self.boost)
            if self.char_ranges:
                t.startchar, t.endchar = self.char_ranges[0]
            return t
        return self.__class__(self.fieldname, list(self.words), slop=self.slop, boost=self.boost,
                              char_ranges=self.char_ranges, positions=self.positions)

    def matcher(self, searcher, context=None):
        gaps = self._gaps()
        if all(g == 1 for g in gaps):
            return super().matcher(searcher, context)
        fieldname = self.fieldname
        if fieldname not in searcher.schema:
            return matching.NullMatcher()
        field = searcher.schema[fieldname]
        if not field.format or not field.format.supports("positions"):
            from whoosh.query.qcore import QueryError
            raise QueryError("Phrase search: %r field has no positions" % fieldname)
        reader = searcher.reader()
        terms = []
        for word in self.words:
            try:
                btext = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (fieldname, btext) not in reader:
                return matching.NullMatcher()
            terms.append(Term(fieldname, btext))
        # nested SpanNear2: each step checks the distance from the previous
        # word to the next, which must be its gap (plus up to slop-1)
        q = terms[0]
        for gap, term in zip(gaps, terms[1:]):
            q = SpanNear2([q, term], slop=gap + self.slop - 1, ordered=True, mindist=gap)
        m = q.matcher(searcher, context)
        if self.boost != 1.0:
            m = matching.WrappingMatcher(m, boost=self.boost)
        return m


class DanishPhrasePlugin(PhrasePlugin):
    """PhrasePlugin that builds :class:`GappedPhrase` queries. Use it in
    place of the stock plugin::

        parser.remove_plugin_class(PhrasePlugin)
        parser.add_plugin(DanishPhrasePlugin())
    """

    class PhraseNode(PhrasePlugin.PhraseNode):
        def query(self, parser):
            fieldname = self.fieldname or parser.fieldname
            field = parser.schema[fieldname] if parser.schema and fieldname in parser.schema else None
            if field is None or not field.analyzer:
                return super().query(parser)
            sc = self.textstartchar
            words, positions, char_ranges = [], [], []
            for t in field.tokenize(self.text, mode="query", positions=True, chars=True):
                if positions and t.pos == positions[-1]:
                    continue  # a stacked alternative (decompound_query=True): keep the word itself
                words.append(t.text)
                positions.append(t.pos)
                char_ranges.append((sc + t.startchar, sc + t.endchar))
            q = GappedPhrase(fieldname, words, slop=self.slop, boost=self.boost,
                             char_ranges=char_ranges, positions=positions)
            return attach(q, self)

    class PhraseTagger(PhrasePlugin.PhraseTagger):
        def create(self, parser, match):
            slopstr = match.group("slop")
            return DanishPhrasePlugin.PhraseNode(match.group("text"), match.start("text"),
                                                 int(slopstr) if slopstr else 1)

    def taggers(self, parser):
        return [(self.PhraseTagger(self.expr), 0)]
