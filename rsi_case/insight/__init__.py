"""Insight into one's own data (GDPR art. 15; issue 19, point 6): for a named
person, the records that mention them and the audit entries — views,
searches, exports, downloads — that touched those records, and the searches
whose words contained the name (Datatilsynet, 2024: a person may learn who
searched for them)."""


def includeme(config):
    config.scan(".views")
