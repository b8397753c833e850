"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.checks import Error, Tags, register


@register(Tags.staticfiles, deploy=True)
def static_manifest_present(app_configs, **kwargs):
    """With DEBUG off, WhiteNoise's manifest storage answers 500 on every page that names a
    static file until `collectstatic` has written its manifest: say so before that happens."""
    if settings.DEBUG or not isinstance(staticfiles_storage, ManifestFilesMixin):
        return []
    if staticfiles_storage.exists(staticfiles_storage.manifest_name):
        return []
    manifest = staticfiles_storage.path(staticfiles_storage.manifest_name)
    return [
        Error(
            f"The static files manifest {manifest} is missing: every page would answer 500.",
            hint="Run `python manage.py collectstatic --noinput` with the production settings.",
            id="framtidssakrad.E001",
        )
    ]
