"""Data-key rotation for oversight: survey ballots.

A ballot holds only HMAC(survey:person) so nothing names the respondent. Under a new key each ballot's
token is found again by computing the old token for every person the survey could have asked."""

from django.db.models import Q

from dwgk.core.crypto import blind_index
from dwgk.orgs.models import Person

from .models import Ballot, Survey

PURPOSE = "oversight-survey-ballot"


def rotate(old, new) -> dict[str, int]:
    changed = 0
    for survey in Survey.objects.filter(ballots__isnull=False).select_related("subject").distinct():
        ballots = {b.token: b for b in Ballot.objects.filter(survey=survey)}
        root = survey.subject.path
        people = (Person.objects.filter(Q(party_org__path__startswith=root) | Q(affiliations__org__path__startswith=root))
                  .values_list("pk", flat=True).distinct().iterator(chunk_size=5000))
        todo = []
        for pk in people:
            b = ballots.get(blind_index(f"{survey.pk}:{pk}", purpose=PURPOSE, provider=old))
            if b is not None:
                b.token = blind_index(f"{survey.pk}:{pk}", purpose=PURPOSE, provider=new)
                todo.append(b)
        Ballot.objects.bulk_update(todo, ["token"], batch_size=2000)
        changed += len(todo)
    return {"survey.ballot": changed}
