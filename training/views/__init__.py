"""Training's pages, by subject; `urls.py` names them through this package."""

from .courses import (  # noqa: F401
    attendance_sheet,
    course_confirm,
    course_create,
    course_detail,
    course_edit,
    course_list,
    enrol,
    enrolment_certify,
    enrolment_complete,
    enrolment_detail,
    enrolment_drop_out,
    provider_create,
    session_form,
)
from .hours import company_hours, hours_batch, participant_hours  # noqa: F401
from .plans import (  # noqa: F401
    plan_collect,
    plan_detail,
    plan_effort_add,
    plan_effort_remove,
    plan_item_add,
    plan_item_close,
    plan_pdf,
)
