"""Pages of the site itself rather than of one app."""

from django.conf import settings
from django.shortcuts import render


def accessibility_statement(request):
    """The accessibility statement (tillgänglighetsredogörelse) that lag 2018:1937 asks for;
    open to everyone, linked from every page's footer."""
    return render(
        request,
        "accessibility.html",
        {
            "contact": settings.ACCESSIBILITY_CONTACT,
            "reviewed_on": settings.ACCESSIBILITY_REVIEWED_ON,
        },
    )
