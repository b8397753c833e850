from django.contrib import admin
from django.urls import include, path

from accounts.views import ThrottledPasswordResetView
from framtidssakrad.views import accessibility_statement
from reports.views import home

from .health import health

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    path(
        "accounts/password_reset/",
        ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tillganglighet/", accessibility_statement, name="accessibility"),
    path("admin/", admin.site.urls),
    path("", include("companies.urls")),
    path("", include("validation.urls")),
    path("", include("certificates.urls")),
    path("", include("coaching.urls")),
    path("", include("training.urls")),
    path("", include("documents.urls")),
    path("", include("project.urls")),
    path("", include("reports.urls")),
    path("", include("imports.urls")),
    path("", include("audit.urls")),
    path("", include("privacy.urls")),
]
