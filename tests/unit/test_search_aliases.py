"""`field:value` words of the search: every alias of a field works, not only
the last one written (``sagsbehandler:`` and ``forfatter:`` both name the author)."""

from rsi_case.search.service import FIELD_ALIASES, field_aliases


def test_every_alias_names_its_field():
    aliases = field_aliases()
    for alias, field in FIELD_ALIASES.items():
        assert alias in aliases[field], alias
    assert sorted(aliases["author"]) == ["forfatter", "sagsbehandler"]
    assert sorted(aliases["sender"]) == ["afsender", "fra"] and sorted(aliases["recipients"]) == ["modtager", "til"]
