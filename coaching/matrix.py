"""The competence map's matrix body as HTML, built in Python.

A company with 200 participants and 30 competences has 6,000 cells; Django's template engine
spends about 0.3 ms on each such cell (loops, conditions, translations), which would make the
page take seconds. Here the words are translated once per page and each cell is one string
format, so the whole body takes a few milliseconds. Every value that comes from the database
is escaped.
"""

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .selectors import GAP_CSS, GAP_NONE, GAP_SYMBOL, GAP_UNKNOWN


def matrix_body(data: dict, *, can_book: bool, can_edit: bool) -> SafeString:
    """The <tbody> rows of `data` (coaching.selectors.competence_map)."""
    at_level = escape(_("at the needed level"))
    not_mapped = escape(_("not mapped"))
    below = escape(_("%(gap)s below the needed level"))
    from_validation = escape(_("From a recorded validation"))
    book = escape(_("Book validation"))
    levels = escape(_("Levels"))
    book_url = reverse("validation:validation_book") if can_book else ""
    # The levels page's address around the participant's id, e.g. ("/…/participants/", "/levels/").
    levels_url = reverse("coaching:levels", args=[0]).split("/0/") if can_edit else None
    validation_mark = f' <abbr title="{from_validation}">V</abbr>'
    out = []
    for row in data["rows"]:
        participant = row["participant"]
        name = escape(participant.full_name)
        pk = participant.pk
        parts = [f'<tr><th scope="row" class="fw-normal text-nowrap">{name}</th>']
        for cell in row["cells"]:
            kind = cell.kind
            if kind == GAP_UNKNOWN:
                shown, hidden = "?", not_mapped
            else:
                shown = f"{GAP_SYMBOL[kind]} {cell.level}"
                hidden = at_level if kind == GAP_NONE else below % {"gap": cell.gap}
            mark = validation_mark if cell.source == "validation" else ""
            link = (
                f'<br><a class="small" href="{book_url}?participant={pk}">{book}</a>'
                if book_url and cell.gap
                else ""
            )
            parts.append(
                f'<td class="text-center text-nowrap {GAP_CSS.get(kind, "")}">{shown}{mark}'
                f'<span class="visually-hidden"> {hidden}</span>{link}</td>'
            )
        parts.append(f'<td class="text-end">{row["total_gap"]}</td>')
        if levels_url:
            parts.append(
                f'<td><a class="small" href="{levels_url[0]}/{pk}/{levels_url[1]}">{levels}'
                f'<span class="visually-hidden"> {name}</span></a></td>'
            )
        parts.append("</tr>")
        out.append("".join(parts))
    return mark_safe("\n".join(out))  # noqa: S308 - every database value above is escaped
