"""The viewer half of the audience-key contract (the document half is
`dwgk.search.documents.audience_terms_for_document`).

The visibility gate (DESIGN invariant 1) owns who sees what. It will replace `keys_for` and `can_see`
below, or make them delegate to it; search only matches keys and calls the predicate on every hit.
Until then these implement the scope rules directly:

- everyone holds ``public``;
- a party member of org X holds ``party:<p>`` for every ancestor-or-self path ``p`` of X, and
  ``org:<X.id>`` (the org's members are the audience of a TARGETED disclosure listing X);
- a person holds ``unit:<p>`` for every ancestor-or-self path of each org they are affiliated with
  or a member of, and ``person:<their id>``.
"""

from __future__ import annotations

from dwgk.orgs.paths import SEGMENT


def _self_and_ancestors(path: str) -> list[str]:
    return [path[:i] for i in range(SEGMENT, len(path) + 1, SEGMENT)]


def keys_for_person(person) -> list[str]:
    keys = ["public", f"person:{person.pk}"]
    unit_paths: set[str] = set()
    if person.party_org_id and person.member_status:
        party_path = person.party_org.path
        keys += [f"party:{p}" for p in _self_and_ancestors(party_path)]
        keys.append(f"org:{person.party_org_id}")
        unit_paths.update(_self_and_ancestors(party_path))
    for path in person.affiliations.values_list("org__path", flat=True):
        unit_paths.update(_self_and_ancestors(path))
    keys += [f"unit:{p}" for p in sorted(unit_paths)]
    return keys


def keys_for(request) -> list[str]:
    """The audience keys of the viewer of `request` (replaced/owned by the visibility gate)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "person_id", None):
        return ["public"]
    return keys_for_person(user.person)


def can_see(request, hit) -> bool:
    """The gate's predicate, applied again to every hit (replaced/owned by the visibility gate)."""
    return True
