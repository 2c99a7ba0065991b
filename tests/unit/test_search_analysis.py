"""Danish analysis for the full-text index (rsi_case.search.analysis).

Unit checks of normalisation, tokenising, stop words, stemming, hyphen
groups and decompounding, then an end-to-end Whoosh index in memory
(RamStorage) queried through whoosh.qparser.QueryParser.
"""

from __future__ import annotations

import pickle
import unicodedata

import pytest
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import PhrasePlugin, QueryParser

from rsi_case.search.analysis import (
    DANISH_STOPWORDS,
    DanishPhrasePlugin,
    GappedPhrase,
    Lexicon,
    analyze,
    danish_analyzer,
    normalize,
    stem,
)

# ---------------------------------------------------------------------------
# a small corpus: the documents of the end-to-end index, plus a few sentences
# so that the lexicon knows the simple words (each seen at least twice)
# ---------------------------------------------------------------------------

DOCS = {
    "udbud": "Sekretariatet indstiller et fælles udbud af laboratoriesystem til klinisk biokemi.",
    "eu-udbud": "Regionerne gennemfører et fælles EU-udbud af nye laboratoriesystemer.",
    "kompositum": "Fællesudbuddet blev aflyst, og regionerne valgte egne løsninger.",
    "omvendt": "Udbuddet er fælles for alle fem regioner.",
    "fra-hinanden": "Et fælles og koordineret udbud af telefoni er under forberedelse.",
    "stopord-imellem": "Sagen omhandler systemer, der er fælles, og udbud af dem sker senere.",
    "samarbejde": "Samarbejdsprojekter mellem regionerne kræver en fælles styregruppe.",
    "projektet": "Projektet om patientjournalen er godkendt af styregruppen.",
    "handlingsplan": "Handlingsplanen for 2026 beskriver indsatsen for datasikkerhed.",
    "handlingsplaner": "Styregruppen godkendte tre handlingsplaner for regionernes sundheds-it.",
    "sundhedsit": "Strategien for sundhedsit blev drøftet på mødet.",
    "to-ord": "Der er behov for bedre sundheds it på sygehusene.",
    "lederregion": "Region Midtjylland er lederregion for laboratoriesystemerne.",
    "moede": "Mødet blev holdt i Odense den 4. maj og varede to timer.",
    "engelsk": "The project will use it-systemer from the vendor.",
    "foelg": "Følg eller forklar: hver region skal begrunde det, hvis den afstår.",
}

EXTRA = [
    "Projektet blev godkendt. Projekter i regionerne følges af sekretariatet.",
    "Et godt samarbejde mellem regionerne. Samarbejdet om projektet fortsætter.",
    "Udbud af systemer. Et udbud kræver et system og en plan for udbuddet.",
    "Laboratoriet har et system til prøvesvar. Laboratorier i alle regioner.",
    "Planen for regionen. Planer og strategier for region og sikkerhed.",
    "Sikkerheden er vigtig, og datasikkerhed kræver data om sikkerhed. Data er data.",
    "Handlinger og handling: regionerne handler fælles.",
]


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon.build(list(DOCS.values()) + EXTRA, min_count=2)


@pytest.fixture(scope="module")
def an(lexicon):
    return danish_analyzer(lexicon)


def toks(analyzer, text, mode="index"):
    return set(analyze(analyzer, text, mode=mode))


# ---------------------------------------------------------------------------
# normalisation
# ---------------------------------------------------------------------------

def test_normalize_nfc_controls_and_hyphens():
    nfd = "Sk\u00e6rm pa\u030a ha\u0308ndlingsplan"  # å and ä decomposed
    assert unicodedata.normalize("NFC", nfd) != nfd
    assert normalize(nfd) == "Sk\u00e6rm p\u00e5 h\u00e4ndlingsplan"
    assert normalize("sund\u00adheds-it") == "sundheds-it"          # soft hyphen
    assert normalize("sundheds\u2011it") == "sundheds-it"           # non-breaking hyphen
    assert normalize("sundheds\u2013it") == "sundheds-it"           # en dash between letters
    assert normalize("2010\u20132013") == "2010\u20132013"          # a range stays a range
    assert normalize("a\x00b\x07c\u200bd\ufeffe") == "abcde"         # controls, ZWSP, BOM
    assert normalize("linje\x0bskift\u00a0her") == "linje skift her"  # VT and NBSP -> space
    assert normalize("tab\tog\nlinje") == "tab\tog\nlinje"
    once = normalize("x\u00ady pa\u030a")
    assert normalize(once) == once


def test_nfd_and_nfc_analyse_alike(an):
    assert analyze(an, "a\u0308ndring") == analyze(an, "\u00e4ndring")
    assert analyze(an, "ma\u030aned") == analyze(an, "m\u00e5ned")
    # a soft hyphen from Word does not cut a word in two
    assert analyze(an, "handlings\u00adplaner") == analyze(an, "handlingsplaner")


# ---------------------------------------------------------------------------
# tokens, stop words, stems
# ---------------------------------------------------------------------------

def test_numbers_stay_whole():
    plain = danish_analyzer()
    assert analyze(plain, "sag 09/2867 og dokument 62947/09") == ["sag", "09/2867", "dokument", "62947/09"]
    assert "1.000" in analyze(plain, "1.000 kr.")


def test_danish_stop_words_only(an):
    assert analyze(an, "og i at det en") == []
    assert {"og", "i", "at", "det", "en"} <= DANISH_STOPWORDS
    # content words of this domain are not stop words
    for word in ("region", "sag", "plan", "udbud", "it", "data", "system", "projekt",
                 "notat", "strategi", "styregruppe", "beslutning", "sundhed", "drift"):
        assert word not in DANISH_STOPWORDS, word
    # no English list: these are ordinary words here
    for word in ("it", "the", "will", "and", "is", "a"):
        assert word not in DANISH_STOPWORDS, word
    assert analyze(an, "the will") == ["the", "wil"]


def test_stemming_joins_word_forms(an):
    assert toks(an, "handlingsplaner") & toks(an, "handlingsplan", "query")
    assert toks(an, "regionernes") & toks(an, "region", "query")
    assert toks(an, "regionernes", "query") == toks(an, "region", "query") == {"region"}
    assert toks(an, "projektet") & toks(an, "projekt", "query")


# ---------------------------------------------------------------------------
# hyphen groups
# ---------------------------------------------------------------------------

def test_sundheds_it_is_not_cut_to_sund(an):
    tokens = analyze(an, "sundheds-it")
    assert "sundhedsit" in tokens and "it" in tokens and stem("sundheds") in tokens
    assert analyze(an, "sundheds-it", mode="query") == ["sundhedsit"]


def test_sundheds_it_spellings_meet(an):
    hyph, joined, apart = toks(an, "sundheds-it"), toks(an, "sundhedsit"), toks(an, "sundheds it")
    # one token common to all three: the parts (sundhedsit is split because
    # the corpus wrote "sundheds-it")
    assert hyph & joined & apart
    assert "sundhedsit" in hyph & joined
    # the query side: both written forms are the same single term
    assert toks(an, "sundheds-it", "query") == toks(an, "sundhedsit", "query") == {"sundhedsit"}
    # a typographic hyphen is a hyphen
    assert toks(an, "sundheds\u2011it") == hyph


def test_hyphen_group_of_three_also_joins_neighbours(an):
    tokens = toks(an, "sundheds-it-organisation")
    assert {"sundhedsitorganisation", "sundhedsit", "it", "organisation"} <= tokens


def test_all_tokens_of_a_word_share_its_position(an):
    # (Whoosh reuses one Token object: read each as it comes)
    by_pos = {}
    for t in an("fælles sundheds-it samarbejdsprojekter og drift", positions=True, mode="index"):
        by_pos.setdefault(t.pos, set()).add(t.text)
    assert sorted(by_pos) == [0, 1, 2, 4]            # "og" (3) leaves a gap
    assert {"sundhedsit", "it"} <= by_pos[1]
    assert {"samarbejdsprojek", "projek"} <= by_pos[2]
    query = [(t.pos, t.text) for t in an("fælles sundheds-it samarbejdsprojekter og drift",
                                          positions=True, mode="query")]
    assert query == [
        (0, "fæl"), (1, "sundhedsit"), (2, "samarbejdsprojek"), (4, "drift")]


# ---------------------------------------------------------------------------
# lexicon and decompounding
# ---------------------------------------------------------------------------

def test_lexicon_splits_and_non_splits(lexicon):
    assert {stem(p) for p in lexicon.split("samarbejdsprojekter")} == {"samarbejd", "projek"}
    assert {stem(p) for p in lexicon.split("laboratoriesystemerne")} == {"laboratori", "system"}
    assert {stem(p) for p in lexicon.split("fællesudbuddet")} == {stem("fælles"), "udbud"}
    assert lexicon.split("sundhedsit") == ("sundheds", "it")   # learnt from "sundheds-it"
    # known simple words and nonsense splits
    for word in ("regionerne", "regionernes", "strategi", "strategien", "indsats", "indsatsen",
                 "sekretariatet", "beslutning", "projekt", "region", "it"):
        assert lexicon.split(word) == (), word
    # suffixes and particles are not parts
    assert lexicon.split("vurdering") == ()
    assert lexicon.split("behandlingen") == ()


def test_unknown_noun_modifier_with_linking_s():
    lex = Lexicon.build(["plan og planer", "strategi og strategien"], min_count=2)
    # "handling" is never seen alone, but -ing + linking s marks a noun modifier
    assert lexicon_stems(lex.split("handlingsplaner")) == {"handling", "plan"}
    assert lexicon_stems(lex.split("digitaliseringsstrategi")) == {"digitalisering", "strategi"}
    # without the linking s nothing is guessed
    assert lex.split("handlingplaner") == ()


def lexicon_stems(parts):
    return {stem(p) for p in parts}


def test_compound_parts_are_emitted_stemmed_like_queries(an):
    assert toks(an, "projekt", "query") <= toks(an, "samarbejdsprojekter")
    assert toks(an, "laboratoriesystem", "query") <= toks(an, "laboratoriesystemerne")
    assert toks(an, "system", "query") <= toks(an, "laboratoriesystemerne")
    assert toks(an, "sikkerhed", "query") <= toks(an, "datasikkerheden")
    # the query side is not decompounded: a compound asks for itself
    assert toks(an, "samarbejdsprojekter", "query") == {"samarbejdsprojek"}
    # without a lexicon, no parts
    assert "projek" not in toks(danish_analyzer(), "samarbejdsprojekter")


def test_lexicon_round_trips(tmp_path, lexicon):
    path = tmp_path / "lexicon.json"
    lexicon.save(path)
    again = Lexicon.load(path)
    assert again == lexicon and len(again) == len(lexicon) > 10
    assert again.split("samarbejdsprojekter") == lexicon.split("samarbejdsprojekter")
    # the analyzer is pickled into a file index's schema: no caches along
    analyzer = pickle.loads(pickle.dumps(danish_analyzer(lexicon)))
    assert analyze(analyzer, "samarbejdsprojekter") == analyze(danish_analyzer(lexicon), "samarbejdsprojekter")
    with pytest.raises(ValueError):
        Lexicon.from_json('{"format": "something else"}')


def test_split_is_memoised(lexicon):
    first = lexicon.split("samarbejdsprojekter")
    assert lexicon.split("samarbejdsprojekter") is first


# ---------------------------------------------------------------------------
# end to end: a Whoosh index in memory, queried through QueryParser
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def index(an):
    schema = Schema(key=ID(stored=True, unique=True), body=TEXT(analyzer=an, phrase=True))
    ix = RamStorage().create_index(schema)
    with ix.writer() as w:
        for key, body in DOCS.items():
            w.add_document(key=key, body=body)
    return ix


def search(index, q, phrase_plugin=True):
    parser = QueryParser("body", index.schema)
    if phrase_plugin:
        parser.remove_plugin_class(PhrasePlugin)
        parser.add_plugin(DanishPhrasePlugin())
    with index.searcher() as s:
        return {hit["key"] for hit in s.search(parser.parse(q), limit=None)}


def test_search_projekt_finds_compounds(index):
    assert search(index, "projekt") == {"samarbejde", "projektet"}
    assert search(index, "samarbejdsprojekt") == {"samarbejde"}


def test_search_laboratoriesystem(index):
    assert search(index, "laboratoriesystem") == {"udbud", "eu-udbud", "lederregion"}


def test_search_handlingsplaner_and_regionernes(index):
    assert search(index, "handlingsplaner") == {"handlingsplan", "handlingsplaner"}
    assert search(index, "plan") == {"handlingsplan", "handlingsplaner"}
    assert search(index, "regionernes") == {
        "eu-udbud", "kompositum", "omvendt", "samarbejde", "handlingsplaner", "lederregion", "foelg"}


def test_search_sundhedsit(index):
    assert search(index, "sundhedsit") == {"handlingsplaner", "sundhedsit"}
    assert search(index, "sundheds-it") == {"handlingsplaner", "sundhedsit"}
    # the two separate words: every spelling (the index split "sundhedsit")
    assert search(index, "sundheds it") == {"handlingsplaner", "sundhedsit", "to-ord"}


def test_search_english_words_are_words(index):
    assert search(index, "the") == {"engelsk"}
    assert search(index, "it") == {"handlingsplaner", "sundhedsit", "to-ord", "engelsk"}


def test_search_numbers(index):
    assert search(index, "2026") == {"handlingsplan"}


def test_phrase_is_exact(index):
    found = search(index, '"fælles udbud"')
    assert "udbud" in found
    # both words, but apart, reversed, separated by a stop word, or in one compound
    for key in ("omvendt", "fra-hinanden", "stopord-imellem", "kompositum"):
        assert key not in found, key
    # by design: a hyphen part stands on its word's position like a synonym,
    # so "fælles EU-udbud" is a "fælles udbud"
    assert found == {"udbud", "eu-udbud"}
    # ... and so is the head of a compound: "projekter mellem regionerne"
    # matches "Samarbejdsprojekter mellem regionerne"
    assert search(index, '"projekter mellem regionerne"') == {"samarbejde"}
    # the compound as a phrase of one word is the compound
    assert search(index, '"fællesudbuddet"') == {"kompositum"}
    assert search(index, "fælles udbud") >= {"udbud", "kompositum", "omvendt", "fra-hinanden"}


def test_phrase_with_stop_word_inside(index):
    assert search(index, '"følg eller forklar"') == {"foelg"}
    # Whoosh's own PhrasePlugin forgets the gap and finds nothing
    assert search(index, '"følg eller forklar"', phrase_plugin=False) == set()
    # without stop words inside, the stock plugin and ours agree
    assert search(index, '"fælles udbud"', phrase_plugin=False) == search(index, '"fælles udbud"')
    # slop still works
    assert search(index, '"fælles udbud"~3') >= {"udbud", "fra-hinanden", "stopord-imellem"}


def test_gapped_phrase_normalises_to_term():
    q = GappedPhrase("body", ["region"], positions=[0]).normalize()
    assert q.__class__.__name__ == "Term"
    q2 = GappedPhrase("body", ["følg", "forklar"], positions=[0, 2]).normalize()
    assert isinstance(q2, GappedPhrase) and q2.positions == [0, 2]
