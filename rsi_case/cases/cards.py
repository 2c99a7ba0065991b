"""The case page's cards: what other features show on a case.

The case page belongs to cases, but most of what it shows belongs to the
features built on cases — the documents (aktliste), follow-or-explain, the
action plan, the decisions of the board. Each of those registers a *card* in
its ``includeme`` (``config.add_case_card(...)``); the case page asks every
card in turn and renders those that answer. So cases imports none of the
features above it, and a new feature adds to the page without touching it.

A card's ``build(request, case)`` returns the data its template needs, or
``None`` when the card has nothing to show to this reader (it asks the
request's permissions itself: a card is permission-aware, the page is not).
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from pyramid.renderers import render

REGISTRY_KEY = "rsi_case.case_cards"
COLUMNS = ("main", "side")


@dataclasses.dataclass(frozen=True)
class CaseCard:
    name: str
    template: str
    build: Callable
    order: int = 100
    column: str = "side"


def add_case_card(config, name: str, build: Callable, template: str, order: int = 100, column: str = "side"):
    """Config directive: show ``template`` on every case page, filled with
    ``build(request, case)`` (skipped when that returns ``None``). Cards of a
    column are shown by ``order``; two cards of the same name conflict."""
    if column not in COLUMNS:
        raise ValueError(f"case card {name!r}: column must be one of {COLUMNS}")
    card = CaseCard(name=name, template=template, build=config.maybe_dotted(build), order=order, column=column)

    def register():
        cards = config.registry.setdefault(REGISTRY_KEY, [])
        cards.append(card)
        cards.sort(key=lambda c: (c.order, c.name))

    config.action(("rsi_case.case_card", name), register)


def registered(registry) -> list[CaseCard]:
    return list(registry.get(REGISTRY_KEY, ()))


def rendered_cards(request, case) -> dict[str, list[str]]:
    """The HTML of each card that has something for this reader, per column, in order."""
    shown = {column: [] for column in COLUMNS}
    for card in registered(request.registry):
        data = card.build(request, case)
        if data is None:
            continue
        shown[card.column].append(render(card.template, {"case": case, **data}, request=request))
    return shown


def includeme(config):
    config.add_directive("add_case_card", add_case_card)
