"""Values from forms: every text refuses control characters, every number and id stays in range.

`install()` (called once from CoreConfig.ready) sets the default validators of Django's form
CharField and IntegerField, so every form of every app refuses a NUL or other control character in any
text field, and a number beyond a 64-bit integer, with a Chinese message beside the field — on SQLite
as on PostgreSQL, which refuses NUL only mid-write. `IdsField` is the bounded multiple choice of records.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .intake import control_char, control_char_message

MAX_ID = 2**63 - 1  # a BIGINT; SQLite refuses larger integers with OverflowError


@deconstructible
class NoControlCharacters:
    """Tab, line feed and carriage return are text; every other control character is refused."""

    code = "control_character"

    def __call__(self, value):
        bad = control_char(str(value)) if value is not None else None
        if bad is not None:
            raise ValidationError(control_char_message(bad), code=self.code)

    def __eq__(self, other):
        return isinstance(other, NoControlCharacters)


no_control_characters = NoControlCharacters()


def id_in_range(value) -> bool:
    text = str(value).strip()
    return not text.isdigit() or int(text) <= MAX_ID


class IdsField(forms.ModelMultipleChoiceField):
    """A multiple choice of records whose submitted ids may be anything: one beyond BIGINT is an
    invalid choice (Django would pass it to `pk__in`, where SQLite raises OverflowError)."""

    def clean(self, value):
        for item in value or ():
            if not id_in_range(item):
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                      params={"value": str(item)[:30]})
        return super().clean(value)


class IdField(forms.ModelChoiceField):
    def clean(self, value):
        if value not in self.empty_values and not id_in_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().clean(value)


def install() -> None:
    forms.CharField.default_validators = [no_control_characters]
    forms.IntegerField.default_validators = [
        MinValueValidator(-MAX_ID, message=_("数值超出允许范围。")),
        MaxValueValidator(MAX_ID, message=_("数值超出允许范围。")),
    ]


def posted_text(request, name: str) -> str:
    """A text a view reads straight from the POST, with no form: refused like every form field when it
    holds a control character (a ValidationError, which the view shows as it shows the service's own)."""
    value = request.POST.get(name, "")
    no_control_characters(value)
    return value


def submitted_ids(values) -> list[int]:
    """Ids from a checkbox list as submitted: entries that cannot be a record's id (not a number, or
    beyond BIGINT) name no record, so they are dropped rather than passed to the database."""
    return [int(v) for v in values if str(v).isdigit() and int(v) <= MAX_ID]


def submitted_id(value) -> int:
    """One record id as submitted; anything that cannot be an id is 0, which names no record (a 404
    where a view looks it up), never a ValueError or OverflowError from the database."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and int(text) <= MAX_ID else 0
