from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("imports/", views.import_list, name="import_list"),
    path("imports/<uuid:pk>/", views.import_detail, name="import_detail"),
    path("imports/<uuid:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<uuid:pk>/retry/", views.import_retry, name="import_retry"),
    path("imports/<uuid:pk>/rejected.<str:fmt>", views.import_rejected, name="import_rejected"),
]
