"""Data-key rotation for organizations and people: ID numbers and their blind index."""

from dwgk.core.keyrotation import reencrypt_field

from .models import Person


def rotate(old, new) -> dict[str, int]:
    # The unique index on id_number_index cannot collide: HMAC under one key is injective enough, and
    # the rows are updated in one transaction.
    return {"person.id_number": reencrypt_field(Person, "id_number_encrypted", old, new,
                                                index_field="id_number_index")}
