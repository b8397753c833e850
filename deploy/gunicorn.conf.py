"""gunicorn's own lines (start, stop, a worker timed out) in the project's log format: with
LOG_FORMAT=json they are JSON lines like the application's (framtidssakrad/logs.py). nginx
keeps the access log, so gunicorn writes none."""

import os

_format = "json" if os.environ.get("LOG_FORMAT", "").strip().lower() == "json" else "text"

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "framtidssakrad.logs.ContextFilter"}},
    "formatters": {
        "json": {"()": "framtidssakrad.logs.JsonFormatter"},
        "text": {
            "()": "framtidssakrad.logs.OneLineFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": _format, "filters": ["context"]}
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
