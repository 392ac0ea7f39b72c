"""Materialized paths: each org's path is its ancestors' ids and its own, base 36, 6 characters each.

Only [0-9a-z] appear, so "every path that starts with P" is exactly the range [P, successor(P)) in
any collation, and a subtree query is one B-tree range scan on SQLite and PostgreSQL alike.
"""

from django.db.models import Q

SEGMENT = 6
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
MAX_ID = 36**SEGMENT - 2  # never "zzzzzz": every prefix has a successor


def segment(org_id: int) -> str:
    if not 0 < org_id <= MAX_ID:
        raise ValueError(f"org id {org_id} out of range for a path segment")
    out = []
    n = org_id
    while n:
        n, r = divmod(n, 36)
        out.append(ALPHABET[r])
    return "".join(reversed(out)).rjust(SEGMENT, "0")


def child_path(parent_path: str, org_id: int) -> str:
    return parent_path + segment(org_id)


def id_of(path: str) -> int:
    """The org id a path ends in (its last segment)."""
    return int(path[-SEGMENT:], 36)


def depth_of(path: str) -> int:
    return len(path) // SEGMENT - 1


def ancestor_paths(path: str) -> list[str]:
    """Paths of the ancestors, root first, excluding the path itself."""
    return [path[:i] for i in range(SEGMENT, len(path), SEGMENT)]


def successor(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix`."""
    chars = list(prefix)
    while chars:
        i = ALPHABET.index(chars[-1])
        if i + 1 < len(ALPHABET):
            chars[-1] = ALPHABET[i + 1]
            return "".join(chars)
        chars.pop()
    raise ValueError("no successor for an all-'z' prefix")


def subtree_q(path: str, field: str = "path", include_self: bool = True) -> Q:
    lower = Q(**{f"{field}__gte": path}) if include_self else Q(**{f"{field}__gt": path})
    return lower & Q(**{f"{field}__lt": successor(path)})
