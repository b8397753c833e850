from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("courses/", views.course_list, name="course_list"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/providers/new/", views.provider_create, name="provider_create"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:pk>/confirm/", views.course_confirm, name="course_confirm"),
    path("courses/<int:pk>/sessions/new/", views.session_form, name="session_create"),
    path(
        "courses/<int:pk>/sessions/<int:session_pk>/edit/",
        views.session_form,
        name="session_edit",
    ),
    path(
        "courses/<int:pk>/sessions/<int:session_pk>/attendance/",
        views.attendance_sheet,
        name="attendance_sheet",
    ),
    path("courses/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment_detail"),
    path("enrolments/<int:pk>/complete/", views.enrolment_complete, name="enrolment_complete"),
    path("enrolments/<int:pk>/drop-out/", views.enrolment_drop_out, name="enrolment_drop_out"),
    path("enrolments/<int:pk>/certificate/", views.enrolment_certify, name="enrolment_certify"),
    path("participants/<int:pk>/plan/", views.plan_detail, name="plan_detail"),
    path("participants/<int:pk>/plan/pdf/", views.plan_pdf, name="plan_pdf"),
    path("participants/<int:pk>/hours/", views.participant_hours, name="participant_hours"),
    path("companies/<int:pk>/hours/", views.company_hours, name="company_hours"),
    path("hours-batches/<int:pk>/", views.hours_batch, name="hours_batch"),
    path("participants/<int:pk>/plan/collect/", views.plan_collect, name="plan_collect"),
    path("participants/<int:pk>/plan/gaps/", views.plan_item_add, name="plan_item_add"),
    path(
        "participants/<int:pk>/plan/gaps/<int:item_pk>/efforts/",
        views.plan_effort_add,
        name="plan_effort_add",
    ),
    path(
        "participants/<int:pk>/plan/gaps/<int:item_pk>/efforts/<int:effort_pk>/remove/",
        views.plan_effort_remove,
        name="plan_effort_remove",
    ),
    path(
        "participants/<int:pk>/plan/gaps/<int:item_pk>/close/",
        views.plan_item_close,
        name="plan_item_close",
    ),
]
