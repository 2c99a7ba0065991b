"""The root resource: the place the role -> permission table hangs."""

from .security.permissions import root_acl


class RootFactory:
    __name__ = ""
    __parent__ = None

    def __init__(self, request=None):
        self.request = request

    def __acl__(self):
        return root_acl()
