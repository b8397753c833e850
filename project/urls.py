from django.urls import path

from . import views

app_name = "project"
urlpatterns = [
    path("project/", views.project_edit, name="project_edit"),
]
