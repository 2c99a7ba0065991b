"""Permissions and which roles hold them.

Views declare a permission; resources carry ACLs built from these tables.
No view checks roles by hand.
"""

from __future__ import annotations

import enum

from pyramid.authorization import ALL_PERMISSIONS, Allow, Authenticated, Deny, Everyone


class Permission(enum.StrEnum):
    VIEW = "view"                      # see the site at all (dashboard)
    CASE_VIEW = "cases:view"
    CASE_CREATE = "cases:create"
    CASE_EDIT = "cases:edit"
    DOCUMENT_VIEW = "documents:view"
    DOCUMENT_CREATE = "documents:create"
    DOCUMENT_EDIT = "documents:edit"
    REGISTER_HISTORIC = "numbers:register-historic"
    MANAGE_NUMBERS = "admin:numbers"
    MANAGE_USERS = "admin:users"


P = Permission

ROLE_SEKRETARIAT = "role:sekretariat"
ROLE_STYREGRUPPE = "role:styregruppe"
ROLE_ARKIVAR = "role:arkivar"
ROLE_ADMIN = "role:admin"

# what each role may do anywhere (the root ACL)
ROLE_PERMISSIONS = {
    ROLE_SEKRETARIAT: (P.VIEW, P.CASE_VIEW, P.CASE_CREATE, P.CASE_EDIT,
                       P.DOCUMENT_VIEW, P.DOCUMENT_CREATE, P.DOCUMENT_EDIT),
    ROLE_STYREGRUPPE: (P.VIEW, P.CASE_VIEW, P.DOCUMENT_VIEW),
    ROLE_ARKIVAR: (P.VIEW, P.CASE_VIEW, P.DOCUMENT_VIEW),
    ROLE_ADMIN: (P.VIEW, P.CASE_VIEW, P.CASE_CREATE, P.CASE_EDIT,
                 P.DOCUMENT_VIEW, P.DOCUMENT_CREATE, P.DOCUMENT_EDIT,
                 P.REGISTER_HISTORIC, P.MANAGE_NUMBERS, P.MANAGE_USERS),
}


def root_acl():
    acl = []
    for principal, perms in ROLE_PERMISSIONS.items():
        acl.extend((Allow, principal, perm) for perm in perms)
    acl.append((Deny, Everyone, ALL_PERMISSIONS))
    return acl


WRITE_PERMISSIONS = (P.CASE_EDIT, P.CASE_CREATE, P.DOCUMENT_CREATE, P.DOCUMENT_EDIT)


def case_acl(case) -> list:
    """A case's own ACL entries, put in front of the root ACL.

    - An archived case is read-only for everyone, and only the archivist,
      the secretariat and admin read it; the board reads open and closed cases.
    - A closed case takes no new documents or edits until it is reopened.
    """
    acl = []
    if case.status == "arkiveret":
        acl.append((Deny, ROLE_STYREGRUPPE, ALL_PERMISSIONS))
        acl.extend((Deny, Everyone, perm) for perm in WRITE_PERMISSIONS)
    elif case.status == "lukket":
        acl.extend((Deny, Everyone, perm) for perm in (P.DOCUMENT_CREATE, P.DOCUMENT_EDIT))
    return acl


def document_acl(document) -> list:
    """Drafts are the secretariat's working papers: the board sees final
    documents. A final document is not silently changed by anyone."""
    acl = []
    if document.status == "kladde":
        acl.append((Deny, ROLE_STYREGRUPPE, P.DOCUMENT_VIEW))
    else:
        acl.append((Deny, Everyone, P.DOCUMENT_EDIT))
    return acl


__all__ = ["Permission", "root_acl", "case_acl", "document_acl", "Authenticated", "Allow", "Deny"]
