from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("reports/", views.dashboard, name="dashboard"),
    path("reports/progress/", views.progress_report, name="progress_report"),
    path("reports/subscription/", views.subscription, name="subscription"),
    path("reports/funder/", views.funder_reports, name="funder_reports"),
]
