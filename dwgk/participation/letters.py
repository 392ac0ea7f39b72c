"""Letters to the applicant as HTML and as A4 PDF (WeasyPrint, Noto Sans CJK SC)."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from .models import Letter
from .services import clock_for


def letter_context(letter: Letter) -> dict:
    req = letter.request
    return {"letter": letter, "req": req, "clock": clock_for(req), "pauses": list(req.pauses.all()),
            "org": letter.org}


def letter_html(letter: Letter, *, pdf: bool = False) -> str:
    # The browser page links the stylesheet (no inline style under the Content-Security-Policy); the
    # PDF is given the same file directly.
    return render_to_string("participation/letter.html", {**letter_context(letter), "pdf": pdf})


def letter_pdf(letter: Letter) -> bytes:
    from weasyprint import CSS, HTML

    return HTML(string=letter_html(letter, pdf=True)).write_pdf(
        stylesheets=[CSS(filename=finders.find("css/letter.css"))])
