"""From a form's cleaned data to the dataclass a service takes (forms parse and clean; services
take data, never a form)."""

from dataclasses import fields


def cleaned_as(cls, cleaned: dict, **extra):
    """An instance of the dataclass `cls` from the fields of `cleaned` it declares."""
    return cls(**{f.name: cleaned[f.name] for f in fields(cls) if f.name in cleaned}, **extra)
