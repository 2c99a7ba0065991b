"""The ``If`` request header (RFC 4918 §10.4): conditions on lock tokens and
ETags, with ``Not``, in lists that may be tagged with the resource they are
about.

    If: (<opaquelocktoken:…>)                        the lock is held
    If: <http://host/dav/…/x.docx> (<opaquelocktoken:…> ["etag"])
    If: (<opaquelocktoken:…>) (Not <DAV:no-lock>)     one list or the other

The header as a whole is true when any one of its lists is true; a list is
true when every condition in it is. A state token is true for a resource
when it names a lock that covers the resource (its own or a folder's with
depth infinity); ``<DAV:no-lock>`` names no lock, ever. An untagged list is
about the request's own resource, a tagged list about the one it names.

Two answers come out of it, and the views use both: whether the header is
true (else 412 Precondition Failed), and which lock tokens the request has
submitted (a lock that covers what the request changes must be among them,
else 423 Locked)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

MAX_HEADER = 4000


class BadIf(ValueError):
    pass


@dataclass
class Condition:
    negate: bool
    token: str | None = None  # a state token (a lock token, DAV:no-lock, …)
    etag: str | None = None


@dataclass
class IfList:
    tag: str | None  # the resource's path, None when the list is about the request's resource
    conditions: list[Condition] = field(default_factory=list)


def _path_of(ref: str) -> str:
    """The unquoted path of a tagged resource, without a trailing slash."""
    return unquote(urlsplit(ref).path).rstrip("/")


def parse(header: str | None) -> list[IfList]:
    """The lists of an ``If`` header; BadIf when it cannot be read."""
    if not header:
        return []
    if len(header) > MAX_HEADER:
        raise BadIf("too long")
    lists: list[IfList] = []
    tag = None
    i, n = 0, len(header)
    while i < n:
        c = header[i]
        if c in " \t,":
            i += 1
        elif c == "<":
            end = header.find(">", i)
            if end < 0:
                raise BadIf("unclosed resource tag")
            tag = _path_of(header[i + 1:end])
            i = end + 1
        elif c == "(":
            current = IfList(tag)
            i += 1
            while True:
                while i < n and header[i] in " \t":
                    i += 1
                if i >= n:
                    raise BadIf("unclosed list")
                negate = False
                if header.startswith("Not", i) or header.startswith("not", i):
                    negate = True
                    i += 3
                    while i < n and header[i] in " \t":
                        i += 1
                if i >= n:
                    raise BadIf("unclosed list")
                c = header[i]
                if c == ")":
                    if negate:
                        raise BadIf("Not without a condition")
                    i += 1
                    break
                if c == "<":
                    end = header.find(">", i)
                    if end < 0:
                        raise BadIf("unclosed state token")
                    current.conditions.append(Condition(negate, token=header[i + 1:end].strip()))
                elif c == "[":
                    end = header.find("]", i)
                    if end < 0:
                        raise BadIf("unclosed entity tag")
                    current.conditions.append(Condition(negate, etag=header[i + 1:end].strip()))
                else:
                    raise BadIf(f"unexpected {c!r}")
                i = end + 1
            if not current.conditions:
                raise BadIf("empty list")
            lists.append(current)
        else:
            raise BadIf(f"unexpected {c!r}")
    return lists


@dataclass
class State:
    """What the conditions are tested against: a resource's ETag (None when
    it does not exist) and the tokens of the locks that cover it."""

    etag: str | None
    tokens: frozenset[str]


def _weakless(etag: str) -> str:
    return etag[2:] if etag.startswith("W/") else etag


def _true(cond: Condition, state: State) -> bool:
    if cond.token is not None:
        result = cond.token in state.tokens
    else:
        result = state.etag is not None and _weakless(cond.etag) == _weakless(state.etag)
    return result != cond.negate


def evaluate(lists: list[IfList], request_path: str, state_of) -> bool:
    """Whether the header is true. ``state_of(path)`` gives the State of the
    resource at a (tagged) path; an untagged list is tested against the
    request's own resource."""
    if not lists:
        return True
    own = _path_of(request_path)
    for if_list in lists:
        state = state_of(own if if_list.tag is None else if_list.tag)
        if all(_true(c, state) for c in if_list.conditions):
            return True
    return False


def submitted(lists: list[IfList]) -> set[str]:
    """The lock tokens the request submits: every state token it names (not negated)."""
    return {c.token for lst in lists for c in lst.conditions if c.token and not c.negate}
