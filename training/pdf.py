"""This app's PDFs (the development plan, the monthly hours sheet): a Django template rendered
by WeasyPrint (`pdf_engine`, imported only when a PDF is made)."""

CONTENT_TYPE = "application/pdf"


def render_pdf(template: str, context: dict) -> bytes:
    from . import pdf_engine

    return pdf_engine.render_pdf(template, context)
