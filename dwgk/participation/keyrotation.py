"""Data-key rotation for participation: applicants' and complainants' contact details.

Query codes are stored only as a keyed hash of a code the citizen holds, so they cannot be re-derived:
they are still looked up under the retiring key while DWGK_DATA_KEY_OLD is set (codes.code_hashes)."""

from dwgk.core.keyrotation import reencrypt_field

from .models import DisclosureRequest, Feedback, Objection


def rotate(old, new) -> dict[str, int]:
    return {f"{m._meta.model_name}.contact": reencrypt_field(m, "contact_encrypted", old, new)
            for m in (DisclosureRequest, Feedback, Objection)}
