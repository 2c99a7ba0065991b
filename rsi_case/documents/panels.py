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
LIST_INFO_KEY = "rsi_case.document_list_info"


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


def add_document_list_info(config, name: str, build: Callable):
    """Config directive: ``build(request, documents)`` -> {document id: info}
    for the case page's document list (aktliste): ``parties`` ({"from", "to"})
    shown under the title, ``case_worker`` in place of the author."""
    build = config.maybe_dotted(build)
    config.action(("rsi_case.document_list_info", name),
                  lambda: config.registry.setdefault(LIST_INFO_KEY, []).append(build))


def list_info(request, documents) -> dict[int, dict]:
    out: dict[int, dict] = {}
    for build in request.registry.get(LIST_INFO_KEY, ()):
        for doc_id, info in build(request, documents).items():
            out.setdefault(doc_id, {}).update(info)
    return out


def includeme(config):
    config.add_directive("add_document_panel", add_document_panel)
    config.add_directive("add_document_list_info", add_document_list_info)
