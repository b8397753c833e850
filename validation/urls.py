from django.urls import path

from . import views

app_name = "validation"
urlpatterns = [
    path("centres/", views.centre_list, name="centre_list"),
    path("centres/new/", views.centre_create, name="centre_create"),
    path("centres/<int:pk>/", views.centre_detail, name="centre_detail"),
    path("centres/<int:pk>/edit/", views.centre_edit, name="centre_edit"),
    path("validation-models/", views.model_list, name="model_list"),
    path("validation-models/new/", views.model_create, name="model_create"),
    path("validation-models/<int:pk>/", views.model_detail, name="model_detail"),
    path("validation-models/<int:pk>/edit/", views.model_edit, name="model_edit"),
    path("competence-areas/", views.area_list, name="area_list"),
    path("competence-areas/new/", views.area_create, name="area_create"),
    path("competence-areas/<int:pk>/edit/", views.area_edit, name="area_edit"),
    path("validations/", views.validation_list, name="validation_list"),
    path("validations/book/", views.validation_book, name="validation_book"),
    path("validations/<int:pk>/", views.validation_detail, name="validation_detail"),
    path("validations/<int:pk>/record/", views.validation_record, name="validation_record"),
    path("validations/<int:pk>/correct/", views.validation_correct, name="validation_correct"),
    path("validations/<int:pk>/cancel/", views.validation_cancel, name="validation_cancel"),
    path(
        "validations/<int:pk>/results/<int:version>/evidence/",
        views.evidence_download,
        name="evidence_download",
    ),
]
