"""The document page's panels: what features built on documents show on a
document (a filed mail's sender and recipients, …), the way a case page has
cards (rsi_case.cases.cards). A feature registers a panel in its
``includeme`` (``config.add_document_panel(...)``); ``build(request,
document)`` returns its template's data, or ``None`` for nothing to show."""

from __future__ import annotations

import dataclasses
from typing import Callable

from pyramid.renderers import render

REGISTRY_KEY = "rsi_case.document_panels"


@dataclasses.dataclass(frozen=True)
class DocumentPanel:
    name: str
    template: str
    build: Callable
    order: int = 100


def add_document_panel(config, name: str, build: Callable, template: str, order: int = 100):
    """Config directive: show ``template`` above the body of every document
    page, filled with ``build(request, document)`` (skipped when ``None``)."""
    panel = DocumentPanel(name=name, template=template, build=config.maybe_dotted(build), order=order)

    def register():
        panels = config.registry.setdefault(REGISTRY_KEY, [])
        panels.append(panel)
        panels.sort(key=lambda p: (p.order, p.name))

    config.action(("rsi_case.document_panel", name), register)


def rendered_panels(request, document) -> list[str]:
    out = []
    for panel in request.registry.get(REGISTRY_KEY, ()):
        data = panel.build(request, document)
        if data is not None:
            out.append(render(panel.template, {"document": document, **data}, request=request))
    return out


def includeme(config):
    config.add_directive("add_document_panel", add_document_panel)
