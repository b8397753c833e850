"""Validation pages, one module per subject; the URLconf imports them from here."""

from .catalogue import (
    area_create,
    area_edit,
    area_list,
    model_create,
    model_detail,
    model_edit,
    model_list,
)
from .centres import centre_create, centre_detail, centre_edit, centre_list
from .validations import (
    evidence_download,
    validation_book,
    validation_cancel,
    validation_correct,
    validation_detail,
    validation_list,
    validation_record,
)

__all__ = [
    "area_create",
    "area_edit",
    "area_list",
    "centre_create",
    "centre_detail",
    "centre_edit",
    "centre_list",
    "evidence_download",
    "model_create",
    "model_detail",
    "model_edit",
    "model_list",
    "validation_book",
    "validation_cancel",
    "validation_correct",
    "validation_detail",
    "validation_list",
    "validation_record",
]
