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
    DOCUMENT_REVISE = "documents:revise"  # start a new draft of a final document, restore a version
    DRAFTS_VIEW = "documents:drafts"      # read drafts and draft versions (not the board)
    CHECKOUT_RELEASE = "documents:release-checkout"  # end someone else's editing in Word
    REGISTER_HISTORIC = "numbers:register-historic"
    CASE_SHARE = "cases:share"         # grant local roles, mark confidential
    MANAGE_NUMBERS = "admin:numbers"
    MANAGE_USERS = "admin:users"
    AUDIT_VIEW = "audit:view"
    MAIL_INTAKE = "mail:intake"        # the Indbakke: file or reject what came to the journal mailbox
    ACCOUNT = "account"                # change one's own password
    PERSONAL_DATA_INSIGHT = "privacy:insight"  # a person's records and who touched them (GDPR art. 15)


P = Permission

ROLE_SEKRETARIAT = "role:sekretariat"
ROLE_STYREGRUPPE = "role:styregruppe"
ROLE_ARKIVAR = "role:arkivar"
ROLE_ADMIN = "role:admin"
ROLE_BRUGER = "role:bruger"

# what each role may do anywhere (the root ACL)
ROLE_PERMISSIONS = {
    ROLE_SEKRETARIAT: (P.VIEW, P.ACCOUNT, P.CASE_VIEW, P.CASE_CREATE, P.CASE_EDIT, P.CASE_SHARE,
                       P.DOCUMENT_VIEW, P.DOCUMENT_CREATE, P.DOCUMENT_EDIT, P.DOCUMENT_REVISE, P.DRAFTS_VIEW,
                       P.MAIL_INTAKE),
    ROLE_STYREGRUPPE: (P.VIEW, P.ACCOUNT, P.CASE_VIEW, P.DOCUMENT_VIEW),
    ROLE_ARKIVAR: (P.VIEW, P.ACCOUNT, P.CASE_VIEW, P.DOCUMENT_VIEW, P.AUDIT_VIEW, P.DRAFTS_VIEW),
    ROLE_ADMIN: (P.VIEW, P.ACCOUNT, P.CASE_VIEW, P.CASE_CREATE, P.CASE_EDIT, P.CASE_SHARE,
                 P.DOCUMENT_VIEW, P.DOCUMENT_CREATE, P.DOCUMENT_EDIT, P.DOCUMENT_REVISE, P.DRAFTS_VIEW,
                 P.REGISTER_HISTORIC, P.MANAGE_NUMBERS, P.MANAGE_USERS, P.AUDIT_VIEW, P.CHECKOUT_RELEASE,
                 P.MAIL_INTAKE,
                 # only the role that sees every case and every typed search (docs/aktindsigt.md)
                 P.PERSONAL_DATA_INSIGHT),
    # someone outside the organisation: the home page and the cases granted to them
    ROLE_BRUGER: (P.VIEW, P.ACCOUNT),
}

# local roles: granted on one case, they hold on the case and everything in it
LOCAL_ROLES = {
    "laeser": (P.CASE_VIEW, P.DOCUMENT_VIEW, P.DRAFTS_VIEW),
    "redaktoer": (P.CASE_VIEW, P.DOCUMENT_VIEW, P.DRAFTS_VIEW, P.CASE_EDIT, P.DOCUMENT_CREATE, P.DOCUMENT_EDIT,
                  P.DOCUMENT_REVISE),
    # the owner also decides who else may see the case
    "ejer": (P.CASE_VIEW, P.DOCUMENT_VIEW, P.DRAFTS_VIEW, P.CASE_EDIT, P.DOCUMENT_CREATE, P.DOCUMENT_EDIT,
             P.DOCUMENT_REVISE, P.CASE_SHARE),
}
# on a confidential case nobody but the grantees and admin sees anything
ADMIN_ON_CONFIDENTIAL = (P.CASE_VIEW, P.DOCUMENT_VIEW, P.CASE_EDIT, P.CASE_SHARE, P.DOCUMENT_CREATE,
                         P.DOCUMENT_EDIT, P.DOCUMENT_REVISE, P.DRAFTS_VIEW, P.AUDIT_VIEW, P.CHECKOUT_RELEASE)


def root_acl():
    acl = []
    for principal, perms in ROLE_PERMISSIONS.items():
        acl.extend((Allow, principal, perm) for perm in perms)
    acl.append((Deny, Everyone, ALL_PERMISSIONS))
    return acl


WRITE_PERMISSIONS = (P.CASE_EDIT, P.CASE_CREATE, P.DOCUMENT_CREATE, P.DOCUMENT_EDIT, P.DOCUMENT_REVISE)


def case_acl(case) -> list:
    """A case's own ACL entries, put in front of the root ACL.

    1. Its state first: an archived case is read-only for everyone; a closed
       case takes no new documents or edits until it is reopened.
    2. Local roles granted on the case (users and groups).
    3. A confidential case: admin, then nobody else — the root ACL is never
       reached, so no global role sees it.
    4. Otherwise the board does not read archived cases (the archivist does).
    """
    acl = []
    if case.status == "arkiveret":
        acl.extend((Deny, Everyone, perm) for perm in WRITE_PERMISSIONS)
    elif case.status == "lukket":
        acl.extend((Deny, Everyone, perm) for perm in (P.DOCUMENT_CREATE, P.DOCUMENT_EDIT, P.DOCUMENT_REVISE))
    for grant in case.grants:
        acl.extend((Allow, grant.principal, perm) for perm in LOCAL_ROLES.get(grant.role, ()))
    if case.confidential:
        acl.extend((Allow, ROLE_ADMIN, perm) for perm in ADMIN_ON_CONFIDENTIAL)
        acl.append((Deny, Everyone, ALL_PERMISSIONS))
    elif case.status == "arkiveret":
        acl.append((Deny, ROLE_STYREGRUPPE, ALL_PERMISSIONS))
    return acl


def document_acl(document) -> list:
    """Drafts are the secretariat's working papers: the board sees final
    documents (and, while a new draft is being written, the last final
    version). A final document is not silently changed by anyone: to change
    it, an editor starts a new draft version explicitly."""
    acl = []
    if document.frozen:  # approved minutes (meetings.services.approve_minutes)
        acl.extend((Deny, Everyone, perm) for perm in (P.DOCUMENT_EDIT, P.DOCUMENT_REVISE))
    if document.status == "kladde":
        if document.final_version is None:
            # never final: the board does not see it at all
            acl.append((Deny, ROLE_STYREGRUPPE, P.DOCUMENT_VIEW))
        # a new draft of a final document: the board keeps reading the final version
    else:
        acl.extend((Deny, Everyone, perm) for perm in (P.DOCUMENT_EDIT, ))
    return acl


__all__ = ["Permission", "root_acl", "case_acl", "document_acl", "Authenticated", "Allow", "Deny"]
