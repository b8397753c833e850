"""Template helpers of the reports' pages and PDF."""

import re

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


@register.filter
def nowrap_dates(text) -> str:
    """`text` escaped, with its ISO dates kept on one line (a browser breaks at their hyphens)."""
    parts = ISO_DATE.split(str(text))  # text, date, text, date, …, text
    dated = format_html_join(
        "",
        '{}<span class="text-nowrap">{}</span>',
        zip(parts[0:-1:2], parts[1::2], strict=True),
    )
    return format_html("{}{}", dated, parts[-1])
