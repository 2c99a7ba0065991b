"""The one route table. Numbers appear in paths as YY-NNNN (cases) and
NNNNN-YY (documents); route factories load the object or raise 404."""


def includeme(config):
    config.add_static_view("static", config.registry["rsi_case.static_dir"], cache_max_age=3600)
    config.add_static_view("deform_static", "deform:static/", cache_max_age=3600)

    config.add_route("home", "/")
    config.add_route("health", "/health")
    config.add_route("login", "/login")
    config.add_route("logout", "/logout")
    config.add_route("accessibility", "/accessibility")  # the accessibility statement: public
    config.add_route("login_second_factor", "/login/second-factor")
    config.add_route("login_passkey", "/login/passkey")
    config.add_route("login_oidc", "/login/oidc")
    config.add_route("login_oidc_callback", "/login/oidc/callback")

    config.add_route("cases", "/cases")
    config.add_route("api_cases", "/api/cases")
    config.add_route("case_new", "/cases/new")
    config.add_route("case", "/cases/{case}", factory="rsi_case.cases.resources.case_factory")
    config.add_route("case_edit", "/cases/{case}/edit", factory="rsi_case.cases.resources.case_factory")
    config.add_route("document_new", "/cases/{case}/documents/new",
                     factory="rsi_case.cases.resources.case_factory")
    config.add_route("case_import", "/cases/{case}/import", factory="rsi_case.cases.resources.case_factory")
    config.add_route("case_mail", "/cases/{case}/mail", factory="rsi_case.cases.resources.case_factory")

    config.add_route("document", "/documents/{document}",
                     factory="rsi_case.documents.resources.document_factory")
    config.add_route("mail_original", "/documents/{document}/mail/original",
                     factory="rsi_case.documents.resources.document_factory")
    config.add_route("document_send", "/documents/{document}/send",
                     factory="rsi_case.documents.resources.document_factory")
    config.add_route("mail_inline", "/documents/{document}/mail/inline/{cid}",
                     factory="rsi_case.documents.resources.document_factory")
    # the Indbakke: what came to the journal mailbox and named no case (the secretariat files or rejects it)
    config.add_route("mail_inbox", "/mail/inbox")
    config.add_route("mail_inbox_original", "/mail/inbox/{item}/original")
    config.add_route("mail_inbox_file", "/mail/inbox/{item}/file")
    config.add_route("mail_inbox_reject", "/mail/inbox/{item}/reject")
    config.add_route("document_edit", "/documents/{document}/edit",
                     factory="rsi_case.documents.resources.document_factory")
    config.add_route("document_history", "/documents/{document}/history",
                     factory="rsi_case.documents.resources.document_factory")
    config.add_route("document_diff", "/documents/{document}/diff",
                     factory="rsi_case.documents.resources.document_factory")
    config.add_route("document_version", "/documents/{document}/versions/{version}",
                     factory="rsi_case.documents.resources.document_factory")
    config.add_route("document_restore", "/documents/{document}/versions/{version}/restore",
                     factory="rsi_case.documents.resources.document_factory")
    config.add_route("document_new_version", "/documents/{document}/new-version",
                     factory="rsi_case.documents.resources.document_factory")
    # editing in Word: the page mints a Word link; the link is a WebDAV folder with the one file
    config.add_route("document_word", "/documents/{document}/word",
                     factory="rsi_case.documents.resources.document_factory")
    config.add_route("document_checkout_release", "/documents/{document}/checkout/release",
                     factory="rsi_case.documents.resources.document_factory")
    config.add_route("attachment_word", "/documents/{document}/attachments/{attachment}/word",
                     factory="rsi_case.documents.resources.attachment_factory")
    config.add_route("dav", "/dav/{token}/{document}/{filename:.*}", factory="rsi_case.dav.views.dav_factory")
    config.add_route("attachment_revision", "/documents/{document}/attachments/{attachment}/revisions/{revision}",
                     factory="rsi_case.documents.resources.attachment_factory")
    config.add_route("case_history", "/cases/{case}/history", factory="rsi_case.cases.resources.case_factory")
    # board meetings
    config.add_route("meetings", "/meetings")
    config.add_route("meeting_new", "/meetings/new")
    config.add_route("meeting", "/meetings/{meeting}", factory="rsi_case.meetings.resources.meeting_factory")
    config.add_route("meeting_pack", "/meetings/{meeting}/pack.docx",
                     factory="rsi_case.meetings.resources.meeting_factory")
    config.add_route("meeting_item_export", "/meetings/{meeting}/items/{item}.docx",
                     factory="rsi_case.meetings.resources.meeting_factory")
    config.add_route("meeting_sending", "/meetings/{meeting}/sendings/{sending}.docx",
                     factory="rsi_case.meetings.resources.meeting_factory")
    config.add_route("calendar", "/calendar/{user}/{token}.ics")
    # the decisions register
    config.add_route("decisions", "/decisions")
    config.add_route("decision", "/decisions/{decision}", factory="rsi_case.meetings.resources.decision_factory")
    # follow or explain
    config.add_route("case_participation", "/cases/{case}/participation", factory="rsi_case.cases.resources.case_factory")
    config.add_route("participation", "/participation")
    # action plans and their follow-up
    config.add_route("actions", "/actions")
    config.add_route("actions_report", "/actions/statusrapport.docx")
    config.add_route("case_actions", "/cases/{case}/actions", factory="rsi_case.cases.resources.case_factory")
    config.add_route("case_actions_report", "/cases/{case}/actions/statusrapport.docx",
                     factory="rsi_case.cases.resources.case_factory")
    # requests for access (aktindsigt): each is a case of its own
    config.add_route("access_requests", "/access-requests")
    config.add_route("access_request_new", "/access-requests/new")
    config.add_route("case_access_request", "/cases/{case}/access-request",
                     factory="rsi_case.cases.resources.case_factory")
    # the answer: the aktliste, the package (one PDF and a zip), approved by a second person
    config.add_route("case_access_answer", "/cases/{case}/access-request/answer",
                     factory="rsi_case.cases.resources.case_factory")
    config.add_route("case_access_aktliste", "/cases/{case}/access-request/aktliste.csv",
                     factory="rsi_case.cases.resources.case_factory")
    config.add_route("case_access_package", "/cases/{case}/access-request/package",
                     factory="rsi_case.cases.resources.case_factory")
    config.add_route("case_access_package_pdf", "/cases/{case}/access-request/package.pdf",
                     factory="rsi_case.cases.resources.case_factory")
    config.add_route("case_access_package_zip", "/cases/{case}/access-request/package.zip",
                     factory="rsi_case.cases.resources.case_factory")
    config.add_route("case_access_package_approve", "/cases/{case}/access-request/package/approve",
                     factory="rsi_case.cases.resources.case_factory")

    # issue 19, points 5-6 and the deadline extension
    config.add_route("case_access_request_extend", "/cases/{case}/access-request/extend",
                     factory="rsi_case.cases.resources.case_factory")
    config.add_route("access_requests_report", "/access-requests/report")
    config.add_route("access_requests_report_csv", "/access-requests/report.csv")
    config.add_route("insight", "/insight")
    config.add_route("insight_report", "/insight/report.docx")

    # what is withheld from one document of the request (issue 19, point 3)
    config.add_route("access_redactions", "/cases/{case}/access-request/documents/{document}",
                     factory="rsi_case.cases.resources.case_factory")
    # Word exports
    config.add_route("case_export", "/cases/{case}/export.docx", factory="rsi_case.cases.resources.case_factory")
    config.add_route("document_export", "/documents/{document}/export.docx",
                     factory="rsi_case.documents.resources.document_factory")
    config.add_route("document_redline", "/documents/{document}/redline.docx",
                     factory="rsi_case.documents.resources.document_factory")
    config.add_route("attachments", "/documents/{document}/attachments",
                     factory="rsi_case.documents.resources.document_factory")
    config.add_route("attachment", "/documents/{document}/attachments/{attachment}",
                     factory="rsi_case.documents.resources.attachment_factory")
    # the searchable copy (PDF/A with a text layer) OCR made of a scanned attachment
    config.add_route("attachment_ocr", "/documents/{document}/attachments/{attachment}/ocr.pdf",
                     factory="rsi_case.documents.resources.attachment_factory")

    config.add_route("account", "/account")
    config.add_route("account_sessions", "/account/sessions")
    config.add_route("account_second_factor", "/account/second-factor")
    config.add_route("account_passkeys", "/account/passkeys")
    config.add_route("account_tokens", "/account/tokens")
    config.add_route("case_sharing", "/cases/{case}/sharing", factory="rsi_case.cases.resources.case_factory")
    config.add_route("case_audit", "/cases/{case}/audit", factory="rsi_case.cases.resources.case_factory")
    config.add_route("audit", "/audit")
    config.add_route("audit_csv", "/audit.csv")

    config.add_route("admin_users", "/admin/users")
    config.add_route("admin_user", "/admin/users/{user}")
    config.add_route("admin_groups", "/admin/groups")
    config.add_route("admin_numbers", "/admin/numbers")
