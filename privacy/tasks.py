from celery import shared_task

from . import services


@shared_task(name="privacy.anonymise_expired_participants")
def anonymise_expired_participants() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): anonymise participants whose retention has run out."""
    return services.participants_anonymise(participants=services.participants_due())
