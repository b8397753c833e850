import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        # WeasyPrint logs every layout step at INFO ("Step 2 - Fetching and parsing CSS"), from
        # its import on: lines in every command's output and several per certificate rendered.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

        from .kinds import register_kinds

        register_kinds()
