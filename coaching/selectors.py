"""Reads of the coaching app that pages and other apps (the start pages, reports) rely on.
Each takes the user and reads within their scope; each runs a fixed number of queries whatever
the number of companies, conversations and participants."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone

from accounts.roles import Capability as C
from accounts.roles import has_capability
from companies.models import Company, Participant, ParticipantStatus
from companies.selectors import participant_counts

from .models import (
    NUMBERS,
    Action,
    Competence,
    Conversation,
    ConversationStatus,
    ConversationTemplate,
    LevelRecord,
    NeedRecord,
    ParticipantSession,
)


@dataclass
class Step:
    """One of the four conversations of a company, as the timeline shows it."""

    number: int
    title: str
    conversation: Conversation | None = None
    cancelled: int = 0
    is_next: bool = False

    @property
    def status(self) -> str:
        return self.conversation.status if self.conversation else "none"

    @property
    def is_overdue(self) -> bool:
        c = self.conversation
        return bool(
            c
            and c.status == ConversationStatus.PLANNED
            and c.planned_at
            and c.planned_at < timezone.now()
        )


@dataclass
class CompanyProgress:
    company: Company
    steps: list[Step]
    open_actions: list[Action] = field(default_factory=list)

    @property
    def next_step(self) -> Step | None:
        return next((s for s in self.steps if s.is_next), None)

    @property
    def held(self) -> int:
        return sum(1 for s in self.steps if s.status == ConversationStatus.HELD)


def _titles() -> dict[int, str]:
    return {t.number: t.title for t in ConversationTemplate.objects.filter(is_current=True)}


def company_progress(user, companies) -> list[CompanyProgress]:
    """The four steps of each of `companies` with its open actions, in three queries."""
    companies = list(companies)
    ids = [c.pk for c in companies]
    titles = _titles()
    live: dict[tuple[int, int], Conversation] = {}
    cancelled: dict[tuple[int, int], int] = defaultdict(int)
    for conversation in (
        Conversation.objects.for_user(user)
        .filter(company_id__in=ids)
        .select_related("template")
        .order_by("company_id", "number", "id")
    ):
        key = (conversation.company_id, conversation.number)
        if conversation.status == ConversationStatus.CANCELLED:
            cancelled[key] += 1
        else:
            live[key] = conversation
    actions: dict[int, list[Action]] = defaultdict(list)
    for action in (
        Action.objects.for_user(user)
        .filter(conversation__company_id__in=ids, done_on__isnull=True)
        .select_related("owner_contact", "conversation__company__coach")
        .order_by("due_on", "id")
    ):
        actions[action.conversation.company_id].append(action)
    result = []
    for company in companies:
        steps = []
        next_found = False
        for number in NUMBERS:
            conversation = live.get((company.pk, number))
            step = Step(
                number, titles.get(number, ""), conversation, cancelled[(company.pk, number)]
            )
            if not next_found and (conversation is None or not conversation.is_held):
                step.is_next = next_found = True
            steps.append(step)
        result.append(CompanyProgress(company, steps, actions[company.pk]))
    return result


def coach_day(user, *, today: datetime.date | None = None) -> dict:
    """The coach's working day: their companies with the four conversations' state (which is
    next, when, overdue), the actions due this week and the overdue ones, and their companies'
    figures. Staff get every company. A fixed number of queries."""
    today = today or timezone.localdate()
    week_end = today + datetime.timedelta(days=6 - today.weekday())
    companies = Company.objects.for_user(user).order_by("name", "pk")
    progress = company_progress(user, companies)
    actions = [a for p in progress for a in p.open_actions]
    overdue_actions = sorted(
        (a for a in actions if a.due_on < today), key=lambda a: (a.due_on, a.pk)
    )
    week_actions = sorted(
        (a for a in actions if today <= a.due_on <= week_end), key=lambda a: (a.due_on, a.pk)
    )
    # From the register's cached counts by company and status, not a pass over 40,000 rows.
    by_company = participant_counts()
    counted = [by_company.get(p.company.pk, Counter()) for p in progress]
    total = sum(counts.total() for counts in counted)
    participants = {
        "total": total,
        "mapped": total - sum(counts[ParticipantStatus.REGISTERED] for counts in counted),
    }
    upcoming = sorted(
        (
            p
            for p in progress
            if p.next_step and p.next_step.conversation and p.next_step.conversation.planned_at
        ),
        key=lambda p: p.next_step.conversation.planned_at,
    )
    return {
        "progress": progress,
        "upcoming": upcoming,
        "overdue_conversations": [p for p in progress if p.next_step and p.next_step.is_overdue],
        "unplanned": [p for p in progress if p.next_step and p.next_step.conversation is None],
        "week_actions": week_actions,
        "overdue_actions": overdue_actions,
        "figures": {
            "companies": len(progress),
            "participants": participants["total"],
            "mapped": participants["mapped"],
            "conversations_held": sum(p.held for p in progress),
            "all_four": sum(1 for p in progress if p.held == 4),
        },
        "today": today,
    }


def conversation_progress(user) -> list[dict]:
    """How many of the user's companies have held each conversation (for the start pages and
    the dashboard): [{"number": 1, "held": 12, "companies": 30}, …]. One query."""
    if not has_capability(user, C.CONVERSATIONS_VIEW):
        return []
    counts = Company.objects.for_user(user).aggregate(
        companies=Count("id"),
        **{f"held_{n}": Count("id", filter=Q(conversations_held__gte=n)) for n in NUMBERS},
    )
    return [
        {"number": n, "held": counts[f"held_{n}"], "companies": counts["companies"]}
        for n in NUMBERS
    ]


@dataclass(frozen=True)
class ConversationState:
    """One of a company's four conversations as it stood on a day: "held" (on `date`),
    "planned" (for `date`, which may be None) or "none" (not planned yet)."""

    number: int
    state: str
    date: datetime.date | None = None
    overdue: bool = False


HELD, PLANNED, NOT_YET = "held", "planned", "none"
# A company without a conversation yet.
NOTHING_YET = tuple(ConversationState(n, NOT_YET) for n in NUMBERS)


def conversation_states(companies, *, day: datetime.date) -> dict[int, list[ConversationState]]:
    """{company id: its four conversations as they stood at the end of `day`} for those of
    `companies` that have one (the others: `NOTHING_YET`). `companies` is a queryset the
    caller has already scoped to its user (`Company.objects.for_user`).
    A conversation held after `day` counts as planned then (if it had been made by `day`); a
    cancelled one does not count.
    One query, whatever the number of companies. Counts only: who may see the conversations
    themselves (and their dates per company) is the caller's to check (`coaching.view`)."""
    found: dict[tuple[int, int], ConversationState] = {}
    rows = (
        Conversation.objects.filter(company__in=companies.values("pk"))
        .exclude(status=ConversationStatus.CANCELLED)
        .values_list("company_id", "number", "status", "planned_at", "held_on", "created_at")
        .order_by()
    )
    for company_id, number, status, planned_at, held_on, created_at in rows:
        if status == ConversationStatus.HELD and held_on <= day:
            found[(company_id, number)] = ConversationState(number, HELD, held_on)
            continue
        if timezone.localdate(created_at) > day:
            continue  # not planned yet on `day`
        planned_on = timezone.localdate(planned_at) if planned_at else None
        found[(company_id, number)] = ConversationState(
            number, PLANNED, planned_on, bool(planned_on and planned_on < day)
        )
    ids = {company_id for company_id, _number in found}
    return {
        company_id: [found.get((company_id, n), ConversationState(n, NOT_YET)) for n in NUMBERS]
        for company_id in ids
    }


def conversations_stamp() -> tuple:
    """What changes whenever a conversation is planned, moved, held or cancelled (for caches
    of figures that count conversations)."""
    stamp = Conversation.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    return (stamp["n"], stamp["at"])


# --- The competence map --------------------------------------------------------------------

GAP_NONE, GAP_SMALL, GAP_LARGE, GAP_UNKNOWN = "none", "small", "large", "unknown"


# How a gap shows: a symbol and a colour (Bootstrap's table classes), never colour alone.
GAP_CSS = {GAP_NONE: "table-success", GAP_SMALL: "table-warning", GAP_LARGE: "table-danger"}
GAP_SYMBOL = {GAP_NONE: "✓", GAP_SMALL: "▼", GAP_LARGE: "▼▼", GAP_UNKNOWN: "?"}


class Cell:
    """One participant's level in one competence against the level the company needs. Plain
    slots and a gap worked out once: a 200 × 30 map makes 6,000 of them per page."""

    __slots__ = ("level", "source", "needed", "gap", "kind")

    def __init__(self, level: int | None, source: str, needed: int | None):
        self.level = level
        self.source = source  # "validation", "coach" or ""
        self.needed = needed
        if level is None or needed is None:
            self.gap, self.kind = None, GAP_UNKNOWN
        else:
            self.gap = max(needed - level, 0)
            self.kind = GAP_NONE if self.gap == 0 else GAP_SMALL if self.gap == 1 else GAP_LARGE

    @property
    def symbol(self) -> str:
        return GAP_SYMBOL[self.kind]

    @property
    def css(self) -> str:
        return GAP_CSS.get(self.kind, "")


def _at(queryset, at: datetime.datetime | None):
    """The records valid at `at` (now when None)."""
    if at is None:
        return queryset.filter(replaced_at__isnull=True)
    return queryset.filter(Q(replaced_at__isnull=True) | Q(replaced_at__gt=at), recorded_at__lte=at)


def score_to_level(score: int) -> int:
    """A validation's area score (0–100 %) on the map's 1–5 scale: 0–20 % is 1, 81–100 % is 5."""
    return min(max((score + 19) // 20, 1), 5)


def validated_levels(participant_ids, area_ids, *, company=None) -> dict[tuple[int, int], int]:
    """{(participant id, area id): level} from the participants' current validation results
    (the latest version of the latest validation per area). `company`, when the participants
    are all of one company, lets the database find their validations by the company's key
    instead of scanning every validation for the participants (a map of 700 people)."""
    from validation.models import AreaScore

    levels: dict[tuple[int, int], int] = {}
    rows = AreaScore.objects.filter(
        result__validation__participant_id__in=participant_ids, area_id__in=area_ids
    )
    if company is not None:
        rows = rows.filter(result__validation__company=company)
    rows = rows.order_by("result__held_on", "result__version", "id").values_list(
        "result__validation__participant_id", "area_id", "score"
    )
    for participant_id, area_id, score in rows:  # later rows win
        levels[(participant_id, area_id)] = score_to_level(score)
    return levels


def _on_map(user, company: Company):
    """The participants a company's map has a row for: those of the company not ended or
    dropped out, within the user's scope."""
    return (
        Participant.objects.for_user(user)
        .filter(company=company)
        .exclude(status__in=("ended", "dropped_out"))
    )


def _needs_at(user, company: Company, at: datetime.datetime | None) -> list[NeedRecord]:
    return list(
        _at(NeedRecord.objects.for_user(user), at)
        .filter(competence__company=company, level__isnull=False)
        .select_related("competence__area")
        .order_by("competence__id")
    )


def _known_levels(
    competences, participant_ids, at: datetime.datetime | None, company: Company
) -> dict[tuple[int, int], tuple[int, str]]:
    """{(participant id, competence id): (level, source)} for the participants' (ids, or a
    query of ids) known levels in `competences`: the validation's level where a current result
    covers the competence's area (only for the current map: a recorded validation is not dated
    by the map's history), else the coach's. Sparse: a cell nobody has assessed is missing.
    Two queries. The one rule for what a cell of the map shows."""
    if not competences:
        return {}
    # The competences come from the caller's scoped needs, so their levels are within the scope
    # too; the scope's joins again would double this query's time on a large map.
    known = {
        (participant_id, competence_id): (level, "coach")
        for participant_id, competence_id, level in _at(LevelRecord.objects.all(), at)
        .filter(competence_id__in=[c.pk for c in competences], participant_id__in=participant_ids)
        .values_list("participant_id", "competence_id", "level")
    }
    by_area = defaultdict(list)
    for competence in competences:
        if competence.area_id:
            by_area[competence.area_id].append(competence.pk)
    if at is None and by_area:
        for (participant_id, area_id), level in validated_levels(
            participant_ids, list(by_area), company=company
        ).items():
            for competence_id in by_area[area_id]:
                known[(participant_id, competence_id)] = (level, "validation")
    return known


def _largest_gaps(competences, needed: dict, known: dict, limit: int) -> list[dict]:
    """The competences with the largest total gap (needed level minus known level) over the
    participants, with how many are below the need."""
    people: dict[int, int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    for (_participant_id, competence_id), (level, _source) in known.items():
        gap = needed[competence_id] - level
        if gap > 0:
            people[competence_id] += 1
            total[competence_id] += gap
    largest = [
        {
            "competence": c,
            "needed": needed[c.pk],
            "people": people[c.pk],
            "total": total[c.pk],
        }
        for c in competences
        if people[c.pk]
    ]
    largest.sort(key=lambda g: (-g["total"], g["competence"].pk))
    return largest[:limit]


def competence_map(user, company: Company, *, at: datetime.datetime | None = None) -> dict:
    """The company's competence map as it stood at `at` (now when None): the needed
    competences, one row per participant with a cell per competence, and the largest gaps.
    Five queries whatever the size."""
    needs = _needs_at(user, company, at)
    competences = [n.competence for n in needs]
    needed = {n.competence_id: n.level for n in needs}
    participants = list(
        _on_map(user, company)
        .order_by("last_name", "first_name", "id")
        .only("id", "first_name", "last_name", "status", "company_id")
    )
    known = _known_levels(competences, [p.pk for p in participants], at, company)
    rows = []
    columns = [(c.pk, needed[c.pk]) for c in competences]
    unknown = (None, "")
    for participant in participants:
        pk = participant.pk
        cells = [Cell(*known.get((pk, cid), unknown), need) for cid, need in columns]
        total = sum(c.gap or 0 for c in cells)
        rows.append({"participant": participant, "cells": cells, "total_gap": total})
    return {
        "competences": competences,
        "columns": [{"competence": c, "needed": needed[c.pk]} for c in competences],
        "rows": rows,
        "largest_gaps": _largest_gaps(competences, needed, known, 5),
        "at": at,
    }


def map_dates(user, company: Company, *, limit: int = 20) -> list[datetime.datetime]:
    """The latest moments the company's map changed, newest first (to pick dates to compare)."""
    needs = NeedRecord.objects.for_user(user).filter(competence__company=company)
    levels = LevelRecord.objects.for_user(user).filter(competence__company=company)
    moments = set()
    for records in (needs, levels):
        moments.update(
            records.order_by("-recorded_at")
            .values_list("recorded_at", flat=True)
            .distinct()[:limit]
        )
    return sorted(moments, reverse=True)[:limit]


def company_competences(user, company: Company):
    return Competence.objects.for_user(user).filter(company=company).select_related("area")


def conversation_detail_queryset(user):
    return (
        Conversation.objects.for_user(user)
        .select_related("company__coach", "template")
        .prefetch_related(
            "template__questions",
            "contacts",
            Prefetch("actions", queryset=Action.objects.select_related("owner_contact")),
        )
    )


def current_needs(user, company: Company):
    """The competences on the company's map now, with their needed level."""
    return (
        NeedRecord.objects.for_user(user)
        .filter(competence__company=company, replaced_at__isnull=True, level__isnull=False)
        .select_related("competence__area")
        .order_by("competence__id")
    )


def map_summary(user, company: Company) -> dict:
    """The map's headline for the company page: how many competences and mapped participants,
    and the largest gaps. From the known levels only, without building the map's rows (a
    company of 1,400 participants would make thousands of cells). Four queries."""
    needs = _needs_at(user, company, None)
    competences = [n.competence for n in needs]
    needed = {n.competence_id: n.level for n in needs}
    on_map = _on_map(user, company)
    # The participants as a subquery, not 1,400 ids written into two queries.
    known = _known_levels(competences, on_map.values("pk"), None, company)
    return {
        "competences": len(competences),
        "participants": on_map.count(),
        "mapped": len({participant_id for participant_id, _competence_id in known}),
        "largest_gaps": _largest_gaps(competences, needed, known, 3),
    }


def held_dates(user, company: Company) -> dict[int, datetime.date]:
    """{conversation number: held date} of the company's held conversations the user may see
    (to compare the map at conversation 2 with the map at conversation 4)."""
    if not has_capability(user, C.CONVERSATIONS_VIEW):
        return {}
    return dict(
        Conversation.objects.for_user(user)
        .filter(company=company, status=ConversationStatus.HELD)
        .values_list("number", "held_on")
    )


def _participant_cells(needs, participant: Participant) -> list[tuple[Competence, Cell]]:
    """Each of `needs` (current need records with their competence) with the participant's
    current level: a validation's where one covers the area, else the coach's. Two queries."""
    needs = list(needs)
    if not needs:
        return []
    assessed = dict(
        LevelRecord.objects.filter(
            participant=participant,
            competence_id__in=[n.competence_id for n in needs],
            replaced_at__isnull=True,
        ).values_list("competence_id", "level")
    )
    validated = validated_levels(
        [participant.pk], [n.competence.area_id for n in needs if n.competence.area_id]
    )
    rows = []
    for need in needs:
        competence = need.competence
        level = validated.get((participant.pk, competence.area_id)) if competence.area_id else None
        if level is not None:
            rows.append((competence, Cell(level, "validation", need.level)))
        else:
            level = assessed.get(competence.pk)
            rows.append((competence, Cell(level, "coach" if level else "", need.level)))
    return rows


def participant_map(user, participant: Participant) -> list[tuple[Competence, Cell]]:
    """One participant's row of the current map: each needed competence with their level.
    Three queries."""
    return _participant_cells(current_needs(user, participant.company), participant)


def _needs_of(participant: Participant):
    """The current needs of the participant's company, unscoped: for callers that have
    checked the participant is in their user's scope."""
    return (
        NeedRecord.objects.filter(
            competence__company_id=participant.company_id,
            replaced_at__isnull=True,
            level__isnull=False,
        )
        .select_related("competence__area")
        .order_by("competence__id")
    )


def participant_map_state(participant: Participant, competence_ids) -> dict[int, Cell]:
    """{competence id: cell} of the participant's current map row for `competence_ids` (those
    still on the map): how a development plan's gaps from the map stand now. Two queries."""
    needs = _needs_of(participant).filter(competence_id__in=list(competence_ids))
    return {competence.pk: cell for competence, cell in _participant_cells(needs, participant)}


def participant_map_gaps(participant: Participant) -> list[tuple[Competence, Cell]]:
    """The competences of the participant's current map row where their current level is
    below the company's current needed level (a level not yet known is no gap). Two queries."""
    return [
        (c, cell) for c, cell in _participant_cells(_needs_of(participant), participant) if cell.gap
    ]


def participant_sessions(user, participant: Participant):
    """The sessions the coach held with the participant, newest first, with who recorded
    them (one query); none for a user who may not see coaching."""
    if not has_capability(user, C.CONVERSATIONS_VIEW):
        return ParticipantSession.objects.none()
    return (
        ParticipantSession.objects.for_user(user)
        .filter(participant=participant)
        .select_related("recorded_by")
        .order_by("-held_on", "-pk")
    )
