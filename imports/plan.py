"""The check of an imported file: what each row would create, change or leave unchanged, and
why a row is rejected. Reads the database, writes nothing (the import applies a plan with
`imports.services`).

Rows match on their natural key (organisation number, personal identity number), so importing
the same file twice creates and changes nothing the second time.
"""

import datetime
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.roles import Capability, has_capability
from companies.identifiers import (
    mask_personnummer,
    normalize_organisationsnummer,
    parse_personnummer,
)
from companies.models import Company, Municipality, Participant, Sex, sni_validator

from . import columns as cols
from .reading import Sheet, UnreadableFile

CREATE, CHANGE, UNCHANGED, REJECT = "create", "change", "unchanged", "reject"
# Personal identity numbers are read from the database in chunks of this many.
CHUNK = 2000


@dataclass
class RowOutcome:
    sheet: str
    row: int
    action: str
    kind: str  # "company" or "participant"
    key: str = ""  # organisation number, or the personal identity number masked
    name: str = ""
    values: dict = field(default_factory=dict)  # what the import writes (JSON-safe)
    changes: list = field(default_factory=list)  # [{"field", "label", "old", "new"}]
    reasons: list = field(default_factory=list)
    cells: list = field(default_factory=list)  # the row as read, for the rejected-rows file

    def reject(self, reason: str) -> None:
        self.action = REJECT
        self.reasons.append(str(reason))


@dataclass
class Plan:
    header: dict = field(default_factory=dict)  # {sheet name: header cells}
    outcomes: list[RowOutcome] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    def as_json(self) -> list[dict]:
        return [asdict(outcome) for outcome in self.outcomes]


def _nothing(rows: int = 1) -> None:
    """The default progress hook: counts nothing."""


def _messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _cell_text(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return cols.text(value)


def _iso(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _read(sheet: Sheet, positions: dict[str, int], number: int, cells: list, kind: str):
    outcome = RowOutcome(
        sheet=sheet.name,
        row=number,
        action=CREATE,
        kind=kind,
        cells=[_cell_text(value) for value in cells],
    )
    raw = {
        name: (cells[position] if position < len(cells) else None)
        for name, position in positions.items()
    }
    return outcome, raw


def _parse(outcome: RowOutcome, raw: dict, parsers: dict[str, Callable]) -> dict:
    """Each present cell through its parser; a parser's error rejects the row with its message."""
    values = {}
    for name, parse in parsers.items():
        if raw.get(name) in (None, ""):
            continue
        try:
            values[name] = parse(raw[name])
        except cols.CellError as error:
            outcome.reject(str(error))
        except ValidationError as error:
            for message in _messages(error):
                outcome.reject(message)
    return values


def _diff(outcome: RowOutcome, record, values: dict, labels: dict[str, str], show=str) -> None:
    for name, new in values.items():
        old = getattr(record, name)
        if old != new:
            outcome.changes.append(
                {
                    "field": name,
                    "label": labels[name],
                    "old": show(name, old),
                    "new": show(name, new),
                }
            )
    outcome.action = CHANGE if outcome.changes else UNCHANGED


def _duplicate(outcome: RowOutcome, seen: dict[str, int], key: str, message: str) -> bool:
    if key in seen:
        outcome.reject(message % {"row": seen[key]})
        return True
    seen[key] = outcome.row
    return False


# Companies ------------------------------------------------------------------------------


class _Municipalities:
    def __init__(self):
        self.by_key = {}
        for municipality in Municipality.objects.all():
            self.by_key[cols.normalise_header(municipality.name)] = municipality
            self.by_key[municipality.code] = municipality
        self.by_pk = {m.pk: m for m in self.by_key.values()}

    def parse(self, value) -> int:
        municipality = self.by_key.get(cols.normalise_header(cols.text(value))) or self.by_key.get(
            cols.text(value)
        )
        if municipality is None:
            raise cols.CellError(
                _("“%(value)s” is not a municipality in Jönköping or Kronoberg County.")
                % {"value": cols.text(value)}
            )
        return municipality.pk


def _sni(value) -> str:
    code = cols.text(value)
    sni_validator(code)
    return code


def _name(value) -> str:
    name = cols.text(value)
    if len(name) > 200:
        raise cols.CellError(_("The name is longer than 200 characters."))
    return name


COMPANY_REQUIRED = ("name", "sni_code", "municipality", "employees")


def _labels(columns) -> dict[str, str]:
    """Column labels in the language active now (the requester's, in the task)."""
    return {column.field: str(column.label) for column in columns}


def plan_companies(
    sheet: Sheet, *, actor, plan: Plan, step: Callable = _nothing
) -> dict[str, RowOutcome]:
    """Check a sheet of companies; returns the organisation numbers the import would create
    (a participant row may refer to one of them)."""
    positions = cols.map_header(sheet.header, cols.COMPANY_COLUMNS)
    if "organisationsnummer" not in positions:
        raise UnreadableFile(
            _("No column with the organisation number was found in %(sheet)s.")
            % {"sheet": sheet.name}
        )
    plan.header[sheet.name] = sheet.header
    municipalities = _Municipalities()
    parsers = {
        "organisationsnummer": lambda v: normalize_organisationsnummer(cols.text(v)),
        "name": _name,
        "sni_code": _sni,
        "municipality": municipalities.parse,
        "employees": cols.parse_count,
    }
    may_edit = actor is None or has_capability(actor, Capability.COMPANIES_IMPORT)
    rows = []
    for number, cells in sheet.rows:
        step()
        outcome, raw = _read(sheet, positions, number, cells, "company")
        values = _parse(outcome, raw, parsers)
        outcome.key = values.get("organisationsnummer", cols.text(raw.get("organisationsnummer")))
        outcome.name = values.get("name", "")
        outcome.values = values
        rows.append(outcome)
        if not may_edit:
            outcome.reject(_("You may not import companies."))
    existing = {
        company.organisationsnummer: company
        for company in Company.objects.filter(
            organisationsnummer__in=[
                o.values["organisationsnummer"] for o in rows if o.values.get("organisationsnummer")
            ]
        )
    }

    def show(name, value):
        if name == "municipality":
            return (
                str(municipalities.by_pk.get(value, "")) if isinstance(value, int) else str(value)
            )
        return "" if value is None else str(value)

    labels = _labels(cols.COMPANY_COLUMNS)
    seen: dict[str, int] = {}
    creates = {}
    for outcome in rows:
        number = outcome.values.get("organisationsnummer")
        if outcome.action == REJECT or not number:
            if not number and not outcome.reasons:
                outcome.reject(_("The organisation number is missing."))
            plan.outcomes.append(outcome)
            continue
        if _duplicate(
            outcome, seen, number, _("The same organisation number is also on row %(row)s.")
        ):
            plan.outcomes.append(outcome)
            continue
        company = existing.get(number)
        if company is None:
            missing = [labels[name] for name in COMPANY_REQUIRED if name not in outcome.values]
            if missing:
                outcome.reject(
                    _("A new company needs: %(columns)s.") % {"columns": ", ".join(missing)}
                )
            else:
                creates[number] = outcome
        else:
            values = {k: v for k, v in outcome.values.items() if k != "organisationsnummer"}
            compared = {(f"{k}_id" if k == "municipality" else k): v for k, v in values.items()}
            _diff(
                outcome,
                company,
                compared,
                {**labels, "municipality_id": labels["municipality"]},
                show,
            )
            outcome.values["id"] = company.pk
        plan.outcomes.append(outcome)
    return creates


# Participants ---------------------------------------------------------------------------

PARTICIPANT_REQUIRED = ("first_name", "last_name", "start_status", "start_date")


class _Companies:
    """The companies a participant row may name: those in the actor's scope, and those the
    same import creates."""

    def __init__(self, actor, creating: dict[str, RowOutcome]):
        queryset = Company.objects.all() if actor is None else Company.objects.for_user(actor)
        self.in_scope = {
            c.organisationsnummer: c for c in queryset.only("id", "name", "organisationsnummer")
        }
        self.creating = creating
        self.by_name: dict[str, list[str]] = {}
        for number, company in self.in_scope.items():
            self.by_name.setdefault(company.name.casefold(), []).append(number)
        for number, outcome in creating.items():
            self.by_name.setdefault(outcome.name.casefold(), []).append(number)

    def resolve(self, outcome: RowOutcome, raw: dict) -> str | None:
        """The organisation number of the row's company, or None with the row rejected."""
        if raw.get("organisationsnummer") not in (None, ""):
            try:
                number = normalize_organisationsnummer(cols.text(raw["organisationsnummer"]))
            except ValidationError as error:
                for message in _messages(error):
                    outcome.reject(message)
                return None
        elif raw.get("company_name") not in (None, ""):
            numbers = self.by_name.get(cols.text(raw["company_name"]).casefold(), [])
            if len(numbers) != 1:
                outcome.reject(
                    _(
                        "The company “%(name)s” is not registered (or the name is not unique): "
                        "give its organisation number."
                    )
                    % {"name": cols.text(raw["company_name"])}
                )
                return None
            number = numbers[0]
        else:
            outcome.reject(_("The company is missing: give its organisation number."))
            return None
        if number not in self.in_scope and number not in self.creating:
            outcome.reject(
                _("The company %(number)s is not registered (or is not one of yours).")
                % {"number": number}
            )
            return None
        return number


def _identity(value):
    raw = cols.text(value)
    if not raw.isascii():
        raise cols.CellError(_("Write the number with the digits 0–9."))
    return parse_personnummer(raw)


def plan_participants(
    sheet: Sheet,
    *,
    actor,
    plan: Plan,
    creating: dict[str, RowOutcome],
    step: Callable = _nothing,
) -> None:
    positions = cols.map_header(sheet.header, cols.PARTICIPANT_COLUMNS)
    if "personnummer" not in positions:
        raise UnreadableFile(
            _("No column with the personal identity number was found in %(sheet)s.")
            % {"sheet": sheet.name}
        )
    plan.header[sheet.name] = sheet.header
    companies = _Companies(actor, creating)
    may_import = actor is None or has_capability(actor, Capability.PARTICIPANTS_IMPORT)
    parsers = {
        "personnummer": _identity,
        "first_name": _name,
        "last_name": _name,
        "sex": cols.parse_sex,
        "start_status": cols.parse_start_status,
        "start_date": cols.parse_date,
    }
    rows = []
    for number, cells in sheet.rows:
        step()
        outcome, raw = _read(sheet, positions, number, cells, "participant")
        values = _parse(outcome, raw, parsers)
        identity = values.pop("personnummer", None)
        outcome.name = " ".join(filter(None, [values.get("first_name"), values.get("last_name")]))
        if not may_import:
            outcome.reject(_("You may not import participants."))
        if identity is None:
            if not outcome.reasons:
                outcome.reject(_("The personal identity number is missing."))
        else:
            outcome.key = mask_personnummer(identity.number)
            if "sex" in values and values["sex"] != identity.sex:
                outcome.reject(_("The sex does not match the personal identity number."))
            values["sex"] = identity.sex
            values["personnummer"] = identity.number
        company = companies.resolve(outcome, raw)
        if company:
            values["company"] = company
        outcome.values = {name: _iso(value) for name, value in values.items()}
        rows.append((outcome, values))

    numbers = [values["personnummer"] for _o, values in rows if "personnummer" in values]
    existing: dict[str, Participant] = {}
    for start in range(0, len(numbers), CHUNK):
        for participant in Participant.objects.filter(
            personnummer__in=numbers[start : start + CHUNK]
        ).select_related("company"):
            existing[participant.personnummer] = participant
    visible = (
        None
        if actor is None
        else set(
            Participant.objects.for_user(actor)
            .filter(pk__in=[p.pk for p in existing.values()])
            .values_list("pk", flat=True)
        )
    )

    def show(name, value):
        if name == "sex":
            return str(Sex(value).label)
        if name == "start_status":
            return str(cols.StartStatus(value).label)
        return _iso(value) if value is not None else ""

    labels = _labels(cols.PARTICIPANT_COLUMNS)
    seen: dict[str, int] = {}
    for outcome, values in rows:
        number = values.get("personnummer")
        if outcome.action == REJECT:
            plan.outcomes.append(outcome)
            continue
        if _duplicate(outcome, seen, number, _("The same person is also on row %(row)s.")):
            plan.outcomes.append(outcome)
            continue
        participant = existing.get(number)
        if participant is None:
            missing = [labels[name] for name in PARTICIPANT_REQUIRED if name not in values]
            if missing:
                outcome.reject(
                    _("A new participant needs: %(columns)s.") % {"columns": ", ".join(missing)}
                )
        elif visible is not None and participant.pk not in visible:
            outcome.reject(_("This person is registered with a company that is not one of yours."))
        else:
            compared = {k: v for k, v in values.items() if k not in ("personnummer", "company")}
            _diff(outcome, participant, compared, labels, show)
            if values["company"] != participant.company.organisationsnummer:
                outcome.changes.append(
                    {
                        "field": "company",
                        "label": str(_("Company")),
                        "old": participant.company.organisationsnummer,
                        "new": values["company"],
                    }
                )
                outcome.action = CHANGE
            outcome.values["id"] = participant.pk
        plan.outcomes.append(outcome)


def _sheet_kind(sheet: Sheet) -> str | None:
    companies = cols.map_header(sheet.header, cols.COMPANY_COLUMNS)
    participants = cols.map_header(sheet.header, cols.PARTICIPANT_COLUMNS)
    if "personnummer" in participants:
        return "participants"
    if "organisationsnummer" in companies:
        return "companies"
    return None


def planned_rows(sheets: list[Sheet], *, kind: str) -> int:
    """How many rows `make_plan` reads (and calls `step` for) in an import of `kind`."""
    planned = ("companies", "participants") if kind == "participants" else ("companies",)
    return sum(len(sheet.rows) for sheet in sheets if _sheet_kind(sheet) in planned)


def make_plan(sheets: list[Sheet], *, kind: str, actor, step: Callable = _nothing) -> Plan:
    """Check the sheets for an import of `kind` ("companies" or "participants"). A workbook for
    a participant import may also hold a sheet of companies: those are created first, so its
    participants may name them. `step` is called once per row read (the progress)."""
    plan = Plan()
    by_kind: dict[str, list[Sheet]] = {}
    for sheet in sheets:
        sheet_kind = _sheet_kind(sheet)
        if sheet_kind:
            by_kind.setdefault(sheet_kind, []).append(sheet)
    if kind == "companies" and not by_kind.get("companies"):
        raise UnreadableFile(
            _(
                "No header with an organisation number column was found: "
                "is this a file of companies?"
            )
        )
    if kind == "participants" and not by_kind.get("participants"):
        raise UnreadableFile(
            _(
                "No header with a personal identity number column was found: "
                "is this a file of participants?"
            )
        )
    creating: dict[str, RowOutcome] = {}
    for sheet in by_kind.get("companies", []):
        creating.update(plan_companies(sheet, actor=actor, plan=plan, step=step))
    if kind == "participants":
        for sheet in by_kind["participants"]:
            plan_participants(sheet, actor=actor, plan=plan, creating=creating, step=step)
    return plan
