"""Sections that apps above the register add to the company and participant pages.

The register (`companies`) sits below validation, coaching and training, so it may not import
them; yet its pages show their work (a company's validations, its four conversations, a
participant's development plan). Each of those apps registers a section in its
`AppConfig.ready()`:

    register_company_section(Section(key="validations", template="validation/_company.html",
                                     context=company_validations_context, order=10))

The page renders each section whose `context(request, obj)` returns a dict (None hides it: no
capability, nothing to show), in `order`. A section reads within `request.user`'s scope itself,
so the register's views know nothing about it. Explicit registration (no signals), so that
`grep register_company_section` finds every section.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    context: Callable[[HttpRequest, object], dict | None]
    order: int = 100
    # "main": the wide column beside the facts; "full": full width under them.
    place: str = "main"


_COMPANY: dict[str, Section] = {}
_PARTICIPANT: dict[str, Section] = {}


def register_company_section(section: Section) -> None:
    _COMPANY[section.key] = section


def register_participant_section(section: Section) -> None:
    _PARTICIPANT[section.key] = section


@dataclass(frozen=True)
class RenderedSection:
    key: str
    place: str
    html: SafeString


def _render(registry: dict[str, Section], request, obj) -> list[RenderedSection]:
    rendered = []
    for section in sorted(registry.values(), key=lambda s: (s.order, s.key)):
        context = section.context(request, obj)
        if context is None:
            continue
        # Template output is already safe (autoescaped), so it is not marked again.
        html = render_to_string(section.template, context, request=request)
        rendered.append(RenderedSection(section.key, section.place, html))
    return rendered


def company_sections(request, company) -> list[RenderedSection]:
    """The sections registered for the company page, rendered for this request's user."""
    return _render(_COMPANY, request, company)


def participant_sections(request, participant) -> list[RenderedSection]:
    """The sections registered for the participant page, rendered for this request's user."""
    return _render(_PARTICIPANT, request, participant)
