"""Coaching's figures for `make bench` (printed, never asserted): the competence map page for a
company with 200 participants and 30 competences, and the coach's day page.

The data is made inside a transaction that is rolled back, so the bench leaves nothing behind.
"""

import datetime
import random
import statistics
import time

from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from accounts.roles import Role
from companies.models import Company, Participant, Sex, StartStatus

from .models import Competence, LevelRecord, NeedRecord


class _Rollback(Exception):
    pass


def _median_ms(client: Client, url: str, runs: int) -> tuple[float, int]:
    client.get(url)  # warm up templates and caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), response.status_code


def coaching_figures(stdout, *, participants: int = 200, competences: int = 30, runs: int = 15):
    """Write the map page's and the coach's day page's median times to `stdout`."""
    rng = random.Random("bench-coaching")
    coach = Profile.objects.filter(role=Role.COACH).select_related("user").order_by("pk").first()
    company = Company.objects.filter(coach=coach.user).order_by("pk").first() if coach else None
    if company is None:
        stdout.write("coaching: no demo coach with a company (run seed_demo first)\n")
        return
    try:
        with transaction.atomic():
            now = timezone.now()
            people = Participant.objects.bulk_create(
                Participant(
                    protected_identity=True,
                    first_name=f"Bench{n}",
                    last_name="Deltagare",
                    sex=Sex.FEMALE if n % 2 else Sex.MALE,
                    company=company,
                    start_status=StartStatus.EMPLOYED,
                    start_date=datetime.date(2021, 1, 1),
                )
                for n in range(participants)
            )
            made = Competence.objects.bulk_create(
                Competence(company=company, name=f"Bench-kompetens {n}") for n in range(competences)
            )
            NeedRecord.objects.bulk_create(
                NeedRecord(
                    competence=c, level=rng.randint(2, 5), recorded_at=now, recorded_by=coach.user
                )
                for c in made
            )
            LevelRecord.objects.bulk_create(
                (
                    LevelRecord(
                        competence=c,
                        participant=p,
                        level=rng.randint(1, 5),
                        recorded_at=now,
                        recorded_by=coach.user,
                    )
                    for c in made
                    for p in people
                ),
                batch_size=2000,
            )
            client = Client()
            client.force_login(coach.user)
            url = reverse("coaching:map", args=[company.pk])
            map_ms, status = _median_ms(client, url + "?sort=gap", runs)
            total = Participant.objects.filter(company=company).count()
            stdout.write(
                f"competence map page, {total} participants x {len(made)}+ competences "
                f"(HTTP {status}): median {map_ms:.0f} ms over {runs} runs (target: < 150 ms)\n"
            )
            day_ms, status = _median_ms(client, reverse("coaching:coach_day"), runs)
            stdout.write(f"coach's day page (HTTP {status}): median {day_ms:.0f} ms\n")
            raise _Rollback
    except _Rollback:
        pass
