"""What the case forms tell the features built on cases, so that cases import
none of them: a feature subscribes (``config.add_subscriber``) in its own
``includeme``."""

from __future__ import annotations


class CaseRegionsTicked:
    """A case form (new case or edit) was saved with these participating
    regions ticked. The regions' participation (follow or explain) holds the
    one truth about who takes part; it subscribes and follows the ticks, so
    the case page and its follow-or-explain box never disagree."""

    def __init__(self, request, case, regions):
        self.request = request
        self.case = case
        self.regions = list(regions)
