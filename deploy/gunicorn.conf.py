"""gunicorn's own lines (start, stop, a worker timed out) in the project's log format: with
LOG_FORMAT=json they are JSON lines like the application's (framtidssakrad/logs.py). nginx
keeps the access log, so gunicorn writes none."""

import os
import sys
from pathlib import Path

# gunicorn reads this file before it puts the project on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from framtidssakrad.logs import console_logging  # noqa: E402

logconfig_dict = console_logging(
    "json" if os.environ.get("LOG_FORMAT", "").strip().lower() == "json" else "text",
    "INFO",
    loggers={"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
)
