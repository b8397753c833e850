from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("participants/<int:pk>/extract/", views.register_extract, name="register_extract"),
]
