from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.forms import AttachmentForm
from practices.markdown import validate_markdown
from practices.models import Practice
from stakeholders.models import Person
from stakeholders.submissions import OneTimeFormMixin

from .models import (
    DEFAULT_ITEM_MINUTES,
    MAX_ITEM_MINUTES,
    ActionItem,
    AgendaItem,
    AgendaItemPaper,
    Attendance,
    Decision,
    Meeting,
    MeetingAttachment,
)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(OneTimeFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "group",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "visibility",
            "public_summary",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "public_summary": forms.Textarea(attrs={"rows": 3}),
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "starts_at": _("Paris time (Europe/Paris)."),
            "online_url": _("For example a video-conference address."),
        }

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["ends_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if self.instance.pk:
            del self.fields["group"]
        elif groups.count() == 1:
            self.fields["group"].initial = groups.first()

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return cleaned

    @property
    def starts_in_the_past(self) -> bool:
        starts = self.cleaned_data.get("starts_at")
        return bool(starts and starts < timezone.now())


class AgendaItemForm(OneTimeFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "description", "presenter", "practice", "duration_minutes"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "duration_minutes": forms.NumberInput(attrs={"min": 1, "max": MAX_ITEM_MINUTES}),
        }

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = people
        self.fields["practice"].queryset = Practice.objects.published().order_by("title_fr")
        # Left empty, an item takes the default duration.
        self.fields["duration_minutes"].required = False

    def clean_duration_minutes(self):
        minutes = self.cleaned_data.get("duration_minutes")
        return DEFAULT_ITEM_MINUTES if minutes is None else minutes


class AgendaItemUpdateForm(AgendaItemForm):
    """An item already on the agenda; the portal's own item (matters arising) keeps its
    title and changes only its duration."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.matters_arising:
            for name in ("title", "description", "presenter", "practice"):
                del self.fields[name]


class InviteForm(OneTimeFormMixin, forms.Form):
    people = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        label=_("People to invite"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Members of the group, and the people of the organisations it manages who are in "
            "no group."
        ),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        # Any person may be posted: the service refuses those outside the directory by name.
        self.fields["people"].queryset = Person.objects.select_related("organisation")
        self.fields["people"].choices = [
            (p.pk, f"{p.full_name} – {p.organisation.name}") for p in people
        ]


class DecisionForm(OneTimeFormMixin, forms.Form):
    agenda_item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), label=_("Agenda item"))
    text = forms.CharField(
        label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.select_related("minutes_of")


class ActionItemForm(OneTimeFormMixin, forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["agenda_item", "title", "owner", "due_on", "practice", "decision"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, meeting, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.select_related("minutes_of")
        self.fields["decision"].queryset = meeting.decisions.all()
        self.fields["decision"].help_text = _(
            "Its progress shows on the decision's public page when the decision is public."
        )
        self.fields["owner"].queryset = people
        self.fields["practice"].queryset = Practice.objects.published().order_by("title_fr")


class DecisionPublishForm(forms.Form):
    public_note = forms.CharField(
        label=_("Public note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=Decision._meta.get_field("public_note").help_text,
    )


class ActionItemUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Markdown: **bold**, *italics*, lists and headings."),
        validators=[validate_markdown],
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AttendanceStatusForm(forms.Form):
    """One select per attendance, named status-<id>; built from the meeting's attendances."""

    def __init__(self, *args, attendances, **kwargs):
        super().__init__(*args, **kwargs)
        for attendance in attendances:
            self.fields[f"status-{attendance.pk}"] = forms.ChoiceField(
                label=attendance.person.full_name,
                choices=Attendance.Status.choices,
                initial=attendance.status,
            )
            self.fields[f"mode-{attendance.pk}"] = forms.ChoiceField(
                label=attendance.person.full_name,
                choices=[("", "—"), *Attendance.Mode.choices],
                initial=attendance.mode,
                required=False,
            )

    def _values(self, kind) -> dict[int, str]:
        return {
            int(name.split("-")[1]): value
            for name, value in self.cleaned_data.items()
            if name.startswith(f"{kind}-")
        }

    def statuses(self) -> dict[int, str]:
        return self._values("status")

    def modes(self) -> dict[int, str]:
        return self._values("mode")


class MeetingAttachmentForm(OneTimeFormMixin, AttachmentForm):
    class Meta(AttachmentForm.Meta):
        model = MeetingAttachment


class MinutesCommentForm(OneTimeFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Your comment on the draft minutes"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The coordinators read it before the next meeting approves the minutes."),
    )


class AgendaItemPaperForm(OneTimeFormMixin, AttachmentForm):
    """A paper for one item of the agenda (the item chosen in the form)."""

    agenda_item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), label=_("Agenda item"))

    class Meta(AttachmentForm.Meta):
        model = AgendaItemPaper
        fields = ["agenda_item", "title", "file"]

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.select_related("minutes_of")
