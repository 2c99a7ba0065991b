"""Scanned papers made searchable: a PDF or image attached without a text
layer is OCR'd in Danish by the worker (``ocrmypdf`` with Tesseract); the
original stays as it was, the searchable copy (PDF/A) is stored beside it,
and the document page says the text came from OCR."""


def includeme(config):
    from . import queue  # noqa: F401  (queues OCR for every PDF or image attached)

    config.scan(".views")
    config.add_document_panel("ocr", ".views.ocr_panel", "rsi_case:templates/ocr/panel.pt", order=20)
    settings = config.get_settings()
    if settings.get("rsi_case.search.mode", "background") == "background":
        config.registry["rsi_case.ocr.embedded"] = Embedded(config.registry)


class Embedded:
    """The embedded default (no rsi-case-worker): OCR in a thread of the web
    process, started when this process first queues a file (queue.py); it
    only claims a queued file and waits on its limited child process."""

    def __init__(self, registry):
        self.registry = registry
        self.thread = None

    def start(self) -> None:
        import threading

        from .work import runner_from_settings

        if self.thread is not None:
            return
        settings = self.registry.settings
        runner = runner_from_settings(settings, self.registry["db.engine"], holder="web")
        if not runner.cfg.enabled:
            return
        self.thread = threading.Thread(target=runner.loop, args=(threading.Event(), lambda: True), name="ocr",
                                       daemon=True)
        self.thread.start()
