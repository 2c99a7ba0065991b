"""Search. For now: jump straight to a case or document by its number, and
find cases and documents by words in their titles. The full-text index
(Whoosh, Danish analysis) replaces the title match."""


def includeme(config):
    config.add_route("search", "/search")
    config.scan(".views")
