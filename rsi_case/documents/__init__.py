"""Documents: numbered records in a case, rich text, attachments, Word import."""

from .storage import store_from_settings


def includeme(config):
    settings = config.get_settings()
    store = store_from_settings(settings)
    store.root.mkdir(parents=True, exist_ok=True)
    config.registry["rsi_case.blobs"] = store
    # the form fields that carry files: attachments, and the Word import (deform's FileUploadWidget)
    config.add_file_field("file")
    config.add_file_field("upload")
    config.include(".panels")
    config.scan(".views")
    config.scan(".history")
    config.add_case_card("documents", ".views.documents_card", "rsi_case:templates/documents/case_card.pt",
                         order=10, column="main")
