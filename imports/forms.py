"""The upload form: parse and clean only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImportKind

ACCEPTED = ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Excel (.xlsx) or CSV with ; or , between the columns. The first row holds the "
            "column names, e.g. Personnummer, Förnamn, Efternamn, Organisationsnummer, "
            "Anställningsform, Startdatum."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in ImportKind.choices if c[0] in kinds]
        # Participant lists are what companies send most.
        self.fields["kind"].initial = ImportKind.PARTICIPANTS
