"""Forms of the administration and account pages (DSFR markup via django-dsfr)."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from racine.core.choices import OrganisationKind, RoleCode
from racine.core.models import Country, Organisation

# The largest primary key a database holds (a signed 64-bit integer). A longer number
# typed in a form or a URL is not a record: it must not reach a query (SQLite raises).
LARGEST_ID = 2**63 - 1


def _is_record_key(value) -> bool:
    try:
        return abs(int(str(value))) <= LARGEST_ID
    except ValueError:
        return True  # not a number: the field says it is not one of the choices


class RecordChoiceField(forms.ModelChoiceField):
    """A choice of one record, refusing keys no database could hold before querying."""

    def to_python(self, value):
        if value not in self.empty_values and not _is_record_key(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class RecordsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several records, refusing keys no database could hold before querying."""

    def _check_values(self, value):
        for key in value:
            if not _is_record_key(key):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(key)[:40]},
                )
        return super()._check_values(value)


def record_id_field(**options) -> forms.IntegerField:
    """Return a field for the key of a record (a hidden input naming a course, a session…)."""
    return forms.IntegerField(min_value=1, max_value=LARGEST_ID, **options)


class RacineForm(DsfrBaseForm):
    """A DSFR form that marks optional fields, as the DSFR now recommends."""

    def get_context(self) -> dict:
        # Skip DsfrBaseForm.get_context: it warns on every render during its transition.
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context


class LoginForm(AuthenticationForm, RacineForm):
    """The sign-in form, with DSFR markup."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # AuthenticationForm sets its labels after DsfrBaseForm has cached the bound
        # fields; forget them so that the labels show.
        self._bound_fields_cache.clear()


class OrganisationForm(RacineForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    country = RecordChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        help_text=_("Where the organisation works (for an embassy, the host country)."),
    )
    french_state = forms.BooleanField(label=_("French State service"), required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class RoleChoiceField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class UserForm(RacineForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    organisation = RecordChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(active=True), required=False
    )
    roles = RoleChoiceField(label=_("Roles"), choices=RoleCode.choices)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=_("At least 12 characters. Leave empty to keep the current password."),
    )

    def __init__(self, *args, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["password"].required = True
            self.fields["password"].help_text = _("At least 12 characters.")


class TokenForm(RacineForm):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("Say what will use it, for example: weekly export script."),
    )
