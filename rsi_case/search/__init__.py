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


def indexer_from_settings(settings, engine, blobs=None, mode: str = "off", **kw):
    """The indexer an installation's settings describe: its index folder
    (``rsi_case.index``, default ``<rsi_case.var>/index``), the attachment
    store, the limits of the child that reads attachments and of archives,
    and the change log's days. The web app, ``rsi-case-worker``,
    ``rsi-case-reindex`` and the restore all build it here."""
    from .. import sandbox, zipguard
    from ..documents.storage import store_from_settings
    from .index import IndexStore
    from .indexer import Indexer

    if mode not in MODES:
        raise ValueError(f"rsi_case.search.mode = {mode!r}: use one of {', '.join(MODES)}")
    root = Path(settings.get("rsi_case.index") or Path(settings.get("rsi_case.var", "var")) / "index")
    return Indexer(engine, IndexStore(root), blobs if blobs is not None else store_from_settings(settings), mode=mode,
                   parse_limits=sandbox.Limits.from_settings(settings),
                   zip_limits=zipguard.ZipLimits.from_settings(settings),
                   log_days=float(settings.get("rsi_case.search.log_days", 7)), **kw)


def includeme(config):
    from . import outbox  # noqa: F401 - registers the ORM listeners that fill the outbox
    from .service import POSTING_CACHE_MB, SearchService

    settings = config.get_settings()
    indexer = indexer_from_settings(settings, config.registry["db.engine"], config.registry["rsi_case.blobs"],
                                    mode=settings.get("rsi_case.search.mode", "background"))
    store = indexer.store
    config.registry["search.node"] = node_name(settings)
    config.registry["search.store"] = store
    config.registry["search.indexer"] = indexer
    config.registry["search.service"] = SearchService(
        store, indexer, posting_cache_mb=float(settings.get("rsi_case.search.posting_cache_mb", POSTING_CACHE_MB)))
    if indexer.mode == "background":
        indexer.start()  # catches up with the outbox, or rebuilds a missing index

    config.add_route("search", "/search")
    config.add_route("api_search", "/api/search")
    config.scan(".views")
