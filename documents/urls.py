from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("documents/", views.document_list, name="document_list"),
    path("documents/<uuid:pk>/", views.document_detail, name="document_detail"),
    path("documents/<uuid:pk>/download/", views.document_download, name="document_download"),
    path("documents/<uuid:pk>/retry/", views.document_retry, name="document_retry"),
]
