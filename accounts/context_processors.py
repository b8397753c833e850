from .roles import ROLE_CAPABILITIES, Capability, Role, role_of


def role(request):
    """For menus and buttons in templates, from the one table in `roles`:

    - `can`: the user's capabilities by the table's names, `{% if can.COMPANIES_VIEW %}`;
    - `role` and `role_label` (none for a user without a role);
    - `caps`, the capability values as a set, for templates still written against it (new
      templates use `can`; `framtidssakrad/tests/test_templates_capabilities.py` checks both).
    """
    current = role_of(getattr(request, "user", None))
    caps = ROLE_CAPABILITIES[current] if current else frozenset()
    return {
        "role": current,
        "role_label": Role(current).label if current else "",
        "can": {capability.name: capability in caps for capability in Capability},
        "caps": caps,
    }
