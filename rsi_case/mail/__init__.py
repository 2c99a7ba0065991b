"""Mail into the case file (journalisering): .eml and Outlook .msg files
become documents of kind *e-mail*, with their attachments and the original."""


def includeme(config):
    config.scan(".views")
    config.scan(".send_views")
    config.scan(".inbox_views")
    # the menu's Indbakke badge (None for who may not use it)
    config.add_request_method(".inbox_views.waiting_count", "mail_inbox_waiting", reify=True)
    config.add_case_card("mail", ".views.case_card", "rsi_case:templates/mail/case_card.pt", order=5)
    config.add_case_card("parties", ".views.parties_card", "rsi_case:templates/mail/parties_card.pt", order=60)
    config.add_document_panel("mail", ".views.mail_panel", "rsi_case:templates/mail/panel.pt", order=10)
    config.add_document_list_info("mail", ".parties.list_info")
