from .roles import ROLE_CAPABILITIES, role_of


def role(request):
    """`role` and `caps` (a set of capability names) for menus and buttons in templates."""
    current = role_of(getattr(request, "user", None))
    return {
        "role": current,
        "caps": ROLE_CAPABILITIES.get(current, frozenset()) if current else frozenset(),
    }
