"""Letters to the applicant as HTML and as A4 PDF (WeasyPrint, Noto Sans CJK SC)."""

from __future__ import annotations

from django.template.loader import render_to_string

from .models import Letter
from .services import clock_for


def letter_context(letter: Letter) -> dict:
    req = letter.request
    return {"letter": letter, "req": req, "clock": clock_for(req), "pauses": list(req.pauses.all()),
            "org": letter.org}


def letter_html(letter: Letter) -> str:
    return render_to_string("participation/letter.html", letter_context(letter))


def letter_pdf(letter: Letter) -> bytes:
    from weasyprint import HTML

    return HTML(string=letter_html(letter)).write_pdf()
