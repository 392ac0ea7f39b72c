"""Refusals. A write the actor may not make raises `Refused` with its Chinese reason. It is both a
ValidationError (forms and views that show a service's message show it, and nothing was changed) and a
PermissionDenied (uncaught, it answers 403 with the reason). Where even the object's existence is
private, callers answer 404 instead."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


class Refused(ValidationError, PermissionDenied):
    """This actor may not do this to this object."""

    def __init__(self, message: str):
        super().__init__(message, code="refused")

    def __str__(self) -> str:
        return " ".join(self.messages)
