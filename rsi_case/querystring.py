"""Links that keep a page's query string: shared by the pages that filter and
page a list (search, the decisions register), so neither imports the other."""

from __future__ import annotations


def query_params(request, keep):
    """``params(**change)``: this page's query string (the names in ``keep``)
    with some values changed, for the links of facets, filters and pages."""
    def params(**change):
        values = {k: request.GET.get(k, "") for k in keep}
        values.update(change)
        return {k: v for k, v in values.items() if v not in ("", None)}

    return params
