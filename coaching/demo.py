"""Demo coaching: the four conversations in every state, agreed actions open and done, and
competence maps with history, for the demo companies that have a coach.

Deterministic (seeded generator) and idempotent: a company that already has a conversation is
left alone. Everything goes through the services (the coach of each company is the actor), so
the demo obeys the order rule and the date rules like a user would.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from companies.models import Company, Participant, ParticipantStatus
from validation.models import CompetenceArea

from . import services
from .models import ConversationTemplate, Mode, QuestionKind, SessionKind

# What each company's conversations look like, by the company's place in the list.
SCENARIOS = ("all_four", "midway", "overdue", "cancelled", "just_started", "midway", "all_four")
FREE_COMPETENCES = ["Ritningsläsning", "Truckkörning", "Lean och 5S", "Kvalitetsarbete"]
ACTIONS = [
    "Ta fram lista över medarbetare att validera",
    "Boka möte med testcentret",
    "Informera personalen om projektet",
    "Ta fram individuella utvecklingsplaner",
    "Följa upp kursdeltagande",
]
MAP_PEOPLE = 12
SESSION_PEOPLE = 6
SESSION_NOTES = ["", "", "Vill gärna gå svetskurs under hösten.", "Följa upp efter valideringen."]


def _answers(template: ConversationTemplate, rng: random.Random) -> dict:
    answers = {}
    for q in template.questions.all():
        if q.kind == QuestionKind.TEXT:
            value = rng.choice(
                [
                    "Vi har diskuterat detta i ledningsgruppen och ser ett tydligt behov.",
                    "Produktionschefen ansvarar; arbetet är i dag mest informellt.",
                    "Målet är att bredda kompetensen i skiftlagen inom två år.",
                ]
            )
        elif q.kind == QuestionKind.SCALE:
            value = str(rng.randint(2, 5))
        elif q.kind == QuestionKind.YES_NO:
            value = rng.choice(["yes", "no"])
        elif q.kind == QuestionKind.DATE:
            value = (timezone.localdate() + datetime.timedelta(days=180)).isoformat()
        elif q.kind == QuestionKind.SINGLE:
            value = rng.choice(q.choices_sv)
        else:
            value = rng.sample(q.choices_sv, k=min(2, len(q.choices_sv)))
        answers[f"q_{q.pk}"] = value
    return answers


def _moment(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _data(conversation, rng, contacts, *, answers=True) -> services.ConversationData:
    return services.ConversationData(
        planned_at=conversation.planned_at,
        mode=rng.choice([Mode.ON_SITE, Mode.ONLINE]),
        contact_ids=[c.pk for c in contacts[:2]],
        coach_present=True,
        other_attendees=rng.choice(["", "Maria Holm (HR)", "Jonas Ek (skyddsombud)"]),
        answers=_answers(conversation.template, rng) if answers else {},
        notes="",
    )


def _hold(company, number, held_on, rng, contacts, today):
    coach = company.coach
    conversation = services.conversation_plan(
        actor=coach, company=company, number=number, planned_at=_moment(held_on), mode=Mode.ON_SITE
    )
    services.conversation_mark_held(
        actor=coach,
        conversation=conversation,
        data=_data(conversation, rng, contacts),
        held_on=held_on,
    )
    for index in range(rng.randint(1, 2)):
        due = held_on + datetime.timedelta(days=rng.randint(7, 45))
        action = services.action_add(
            actor=coach,
            conversation=conversation,
            what=rng.choice(ACTIONS),
            due_on=due,
            **(
                {"owner_contact_id": contacts[0].pk}
                if contacts and index == 0
                else {"owner_is_coach": True}
            ),
        )
        if due < today and rng.random() < 0.85:
            services.action_complete(actor=coach, action=action, done_on=due)
    return conversation


def _plan(company, number, when, rng, contacts, *, draft=False):
    conversation = services.conversation_plan(
        actor=company.coach, company=company, number=number, planned_at=when, mode=Mode.ON_SITE
    )
    if draft:
        data = _data(conversation, rng, contacts)
        data.answers = dict(list(data.answers.items())[:2])  # half done
        services.conversation_save_draft(actor=company.coach, conversation=conversation, data=data)
    return conversation


def _map(company, rng, areas, first: datetime.date, second: datetime.date | None):
    """Needs and levels recorded at conversation 2; changed at conversation 4 when held."""
    coach = company.coach
    people = list(
        Participant.objects.filter(company=company)
        .exclude(status__in=(ParticipantStatus.ENDED, ParticipantStatus.DROPPED_OUT))
        .order_by("pk")[:MAP_PEOPLE]
    )
    if not people:
        return
    at = _moment(first, 15)
    competences = [
        services.competence_need_set(
            actor=coach, company=company, level=rng.randint(3, 5), area_id=area.pk, at=at
        )
        for area in rng.sample(areas, k=min(4, len(areas)))
    ]
    competences.append(
        services.competence_need_set(
            actor=coach,
            company=company,
            level=rng.randint(2, 4),
            name=rng.choice(FREE_COMPETENCES),
            at=at,
        )
    )
    levels = {p: {c.pk: rng.randint(1, 5) for c in competences} for p in people}
    services.map_levels_record(actor=coach, company=company, levels=levels, at=at)
    _sessions(coach, people[:SESSION_PEOPLE], rng, first)
    if second is None:
        return
    later = _moment(second, 15)
    services.competence_need_set(
        actor=coach,
        company=company,
        level=5,
        name=competences[-1].name,
        area_id=competences[-1].area_id,
        at=later,
    )
    grown = {
        person: {cid: min(level + rng.randint(0, 2), 5) for cid, level in row.items()}
        for person, row in levels.items()
    }
    services.map_levels_record(actor=coach, company=company, levels=grown, at=later)


def _sessions(coach, people, rng, mapped_on: datetime.date) -> None:
    """A mapping interview on the day of the map and a guidance conversation or two after it,
    within each participant's dates and not after today (the service's rules)."""
    today = timezone.localdate()
    for person in people:
        days = [(SessionKind.MAPPING_INTERVIEW, mapped_on, rng.choice(["1", "1.5", "2"]))]
        for _n in range(rng.randint(1, 2)):
            later = mapped_on + datetime.timedelta(days=rng.randint(10, 60))
            days.append((SessionKind.GUIDANCE, later, rng.choice(["0.5", "1", "1.5"])))
        for kind, day, hours in days:
            if (
                day > today
                or day < person.start_date
                or (person.end_date and day > person.end_date)
            ):
                continue
            services.participant_session_record(
                actor=coach,
                participant=person,
                data=services.SessionData(
                    kind=kind, held_on=day, hours=Decimal(hours), note=rng.choice(SESSION_NOTES)
                ),
            )


@transaction.atomic
def seed_coaching(*, today: datetime.date | None = None) -> int:
    """Seed the demo companies' conversations and maps; returns how many companies got them."""
    today = today or timezone.localdate()
    rng = random.Random("coaching")
    areas = list(CompetenceArea.objects.order_by("pk")[:20])
    companies = list(
        Company.objects.filter(coach__isnull=False, conversations__isnull=True)
        .exclude(status="prospect")
        .prefetch_related("contacts")
        .select_related("coach")
        .order_by("pk")
        .distinct()
    )
    day = datetime.timedelta(days=1)
    for index, company in enumerate(companies):
        contacts = list(company.contacts.all())
        scenario = SCENARIOS[index % len(SCENARIOS)]
        base = today - 150 * day
        if scenario == "all_four":
            dates = [base + n * 35 * day for n in range(4)]
            for number, held_on in enumerate(dates, start=1):
                _hold(company, number, held_on, rng, contacts, today)
            _map(company, rng, areas, dates[1], dates[3])
        elif scenario == "midway":
            dates = [base + 40 * day, base + 80 * day]
            for number, held_on in enumerate(dates, start=1):
                _hold(company, number, held_on, rng, contacts, today)
            _plan(company, 3, _moment(today + (3 + index % 10) * day, 10), rng, contacts)
            latest = company.conversations.get(number=2)
            services.action_add(
                actor=company.coach,
                conversation=latest,
                what="Skicka underlag till testcentret",
                due_on=today + datetime.timedelta(days=index % 4),
                owner_is_coach=True,
            )
            _map(company, rng, areas, dates[1], None)
        elif scenario == "overdue":
            _hold(company, 1, base + 60 * day, rng, contacts, today)
            _plan(company, 2, _moment(today - 12 * day, 13), rng, contacts, draft=True)
        elif scenario == "cancelled":
            _hold(company, 1, base + 50 * day, rng, contacts, today)
            cancelled = _plan(company, 2, _moment(today - 20 * day, 9), rng, contacts)
            services.conversation_cancel(
                actor=company.coach,
                conversation=cancelled,
                reason="Sjukdom hos VD, nytt datum bokas.",
            )
            _plan(company, 2, _moment(today + 6 * day, 9), rng, contacts)
        else:  # just started
            _plan(company, 1, _moment(today + (1 + index % 5) * day, 14), rng, contacts, draft=True)
    return len(companies)
