"""Development conveniences read by settings.py (nothing here runs in production)."""

import logging

DEFAULT_ADDRESS = "127.0.0.1"


def runserver_url(argv: list[str]) -> str | None:
    """The address `manage.py runserver [addr:]port` serves on, as a URL, or None for any other
    command: without SITE_URL set, certificate links and QR codes then lead back to the
    development server (`make run PORT=8101` included) instead of 127.0.0.1:8000."""
    if len(argv) < 2 or argv[1] != "runserver":
        return None
    positional = [arg for arg in argv[2:] if not arg.startswith("-")]
    addrport = positional[0] if positional else "8000"
    host, _, port = addrport.rpartition(":")
    # Compared with, not bound to: an all-interfaces address is replaced by a reachable one.
    if host in ("", "0", "0.0.0.0", "[::]", "::"):  # nosec B104
        host = DEFAULT_ADDRESS
    return f"http://{host}:{port}"


class ClientErrorsWithoutTraceback(logging.Filter):
    """A 403 or 404 is the answer to a request, not a fault: log its one line and leave out the
    `PermissionDenied`/`Http404` traceback Django attaches."""

    def filter(self, record: logging.LogRecord) -> bool:
        if 400 <= getattr(record, "status_code", 0) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
