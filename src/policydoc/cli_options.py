"""Click options shared by several commands (parse, extract, index)."""
from __future__ import annotations

import os

import click

from .readers.pdf import ENGINE_ENV, ENGINES


def _set_pdf_engine(ctx, param, value):
    # an environment variable, not an argument: batch worker processes inherit it
    if value:
        os.environ[ENGINE_ENV] = value
    return value


def pdf_engine_option(f):
    """``--pdf-engine pdfium|pdfplumber`` (default pdfium; pdfplumber is the slower reference)."""
    return click.option("--pdf-engine", type=click.Choice(ENGINES), expose_value=False, callback=_set_pdf_engine,
                        is_eager=True,
                        help="PDF text engine: pdfium (default, fast) or pdfplumber (the reference).")(f)
