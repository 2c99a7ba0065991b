"""Search: a Whoosh index derived from the database (Danish analysis,
compounds, permissions inside the query), one per node, kept in step with
the database's append-only change log by a single writer per index (its own
cursor, committed with the index), rebuilt by itself when missing, damaged
or too far behind."""

from pathlib import Path

# background: a thread of each web process drains the outbox (the embedded default, make run);
# worker: only rsi-case-worker does (production, several processes); inline: right after the commit (tests)
MODES = ("background", "worker", "inline", "off")


def node_name(settings) -> str:
    """This node's name (``rsi_case.node``, default the host name): its index,
    its cursor and its worker's lease are its own."""
    import socket

    return settings.get("rsi_case.node") or socket.gethostname()


def includeme(config):
    from . import outbox  # noqa: F401 - registers the ORM listeners that fill the outbox
    from .index import IndexStore
    from .indexer import Indexer
    from .service import SearchService

    settings = config.get_settings()
    root = Path(settings.get("rsi_case.index") or Path(settings.get("rsi_case.var", "var")) / "index")
    store = IndexStore(root)
    mode = settings.get("rsi_case.search.mode", "background")
    if mode not in MODES:
        raise ValueError(f"rsi_case.search.mode = {mode!r}: use one of {', '.join(MODES)}")
    indexer = Indexer(config.registry["db.engine"], store, config.registry["rsi_case.blobs"], mode=mode,
                      log_days=float(settings.get("rsi_case.search.log_days", 7)))
    config.registry["search.node"] = node_name(settings)
    config.registry["search.store"] = store
    config.registry["search.indexer"] = indexer
    config.registry["search.service"] = SearchService(store, indexer)
    if indexer.mode == "background":
        indexer.start()  # catches up with the outbox, or rebuilds a missing index

    config.add_route("search", "/search")
    config.add_route("api_search", "/api/search")
    config.scan(".views")
