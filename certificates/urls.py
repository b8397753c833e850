from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("certificates/", views.certificate_list, name="certificate_list"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path(
        "certificates/issue/<int:validation_pk>/",
        views.certificate_issue,
        name="certificate_issue",
    ),
    path("certificates/bulk/", views.certificate_bulk, name="certificate_bulk"),
    path("certificates/batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("certificates/batches/<int:pk>/zip/", views.batch_zip, name="batch_zip"),
    # Public. The QR code on a certificate points at verify/<code> (no trailing slash: short).
    path("verify/", views.verify, name="verify_form"),
    path("verify/<str:code>", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify),
]
