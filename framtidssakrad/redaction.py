"""Keep personal identity numbers out of log lines and error reports.

The views that take a personnummer keep it out of Django's error reports
(`sensitive_post_parameters`), but a number can still reach a log through an exception's text,
e.g. PostgreSQL's `Key (personnummer)=(196606066022) already exists`. This filter masks
anything shaped like a personnummer or samordningsnummer (10 or 12 digits, in any script, with
or without a separator) in a record's message and traceback before any handler writes it.
"""

import logging
import re

# \d without re.ASCII: full-width and other digits are masked too.
NUMBER = re.compile(r"(?<!\d)(\d{6}(?:\d{2})?)[-+ ]?\d{4}(?!\d)")


def redact(text: str) -> str:
    """`text` with the last four digits of every personnummer-shaped number masked."""
    return NUMBER.sub(r"\1-****", text)


class RedactPersonnummer(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
