"""Search: a Whoosh index derived from the database (Danish analysis,
compounds, permissions inside the query), kept in step through an outbox
drained by a single writer, rebuilt by itself when missing or damaged."""

from pathlib import Path


def includeme(config):
    from . import outbox  # noqa: F401 - registers the ORM listeners that fill the outbox
    from .index import IndexStore
    from .indexer import Indexer
    from .service import SearchService

    settings = config.get_settings()
    root = Path(settings.get("rsi_case.index") or Path(settings.get("rsi_case.var", "var")) / "index")
    store = IndexStore(root)
    indexer = Indexer(config.registry["db.engine"], store, config.registry["rsi_case.blobs"],
                      mode=settings.get("rsi_case.search.mode", "background"),
                      parse_limits=config.registry["rsi_case.parse_limits"],
                      zip_limits=config.registry["rsi_case.zip_limits"])
    config.registry["search.store"] = store
    config.registry["search.indexer"] = indexer
    config.registry["search.service"] = SearchService(store, indexer)
    if indexer.mode == "background":
        indexer.start()  # catches up with the outbox, or rebuilds a missing index

    config.add_route("search", "/search")
    config.add_route("api_search", "/api/search")
    config.scan(".views")
