"""The catalogue of inter-sectoral practices, their review workflow and improvements."""

import datetime
import json
import logging
import re
from collections import defaultdict

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Coalesce, Now
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import resolution_order

from stakeholders.models import HttpsURLField, Organisation, Sector, Territory, WorkingGroup
from stakeholders.permissions import roles

from . import requirements, uploads
from .markdown import render_markdown, rendered_fields, stored, validate_markdown
from .text import unaccent

logger = logging.getLogger(__name__)


# The years a practice may give (since, until): from 1900 to five years ahead.
FIRST_PRACTICE_YEAR, YEARS_AHEAD = 1900, 5


def validate_practice_year(year: int) -> None:
    """A practice's start or end year is plausible: the form, the admin, the services and
    an import all hold this rule (it is the fields' validator)."""
    latest = datetime.date.today().year + YEARS_AHEAD
    if not FIRST_PRACTICE_YEAR <= year <= latest:
        raise ValidationError(
            _("Give a year between %(min)s and %(max)s."),
            code="year_out_of_range",
            params={"min": FIRST_PRACTICE_YEAR, "max": latest},
        )


class Theme(models.Model):
    """What a practice is about (prevention, hearing the child, care, training…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class TargetGroup(models.Model):
    """Who a practice is for (children, adolescents, parents, professionals…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class ConventionArticle(models.Model):
    """An article of the Lanzarote Convention (CETS No. 201) that practices address."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("Convention article")
        verbose_name_plural = _("Convention articles")
        ordering = ["number"]

    def __str__(self):
        return _("Art. %(number)s – %(title)s") % {"number": self.number, "title": self.title}


class PracticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Practice.Status.PUBLISHED)

    def for_cards(self):
        """What a practice card shows, and nothing heavier (no descriptions, no vectors)."""
        return (
            self.select_related("territory")
            .defer(*Practice.TEXT_FIELDS)
            .prefetch_related("sectors")
        )

    def in_country(self, code: str):
        return self.filter(territory__country=code)

    def with_page_lists(self):
        """Each practice with the lists its page shows (``PAGE_LISTS``: links, documents,
        references, partners with their organisations and sectors) in its own row, as JSON
        text, one subquery each: ``Practice.page_lists()`` reads them. One query instead of
        one per list."""
        return self.annotate(
            **{
                f"{name}_rows": page_list_rows(model, fields)
                for name, (model, fields, _order) in PAGE_LISTS.items()
            }
        )

    def with_taken_up_count(self):
        """Each practice with ``taken_up_count``: how many suggestions it took up (in its
        own query: a subquery, no grouping of the practices)."""
        taken_up = (
            Improvement.objects.filter(practice=OuterRef("pk"), status=Improvement.Status.TAKEN_UP)
            .order_by()
            .values("practice")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(taken_up_count=Coalesce(Subquery(taken_up), 0))

    def reviewable_by(self, user):
        """The practices ``user`` reviews: those of the groups they coordinate; all for
        staff."""
        r = roles(user)
        return self if r.is_staff else self.filter(group_id__in=r.coordinator_of)

    def awaiting_review_by(self, user):
        """``user``'s review queue: the submitted practices they review, oldest first."""
        return (
            self.reviewable_by(user)
            .filter(status=Practice.Status.SUBMITTED)
            .order_by("submitted_at", "pk")
        )

    def with_sectors(self, codes):
        """Practices that involve *every* sector of ``codes`` (one EXISTS per sector, no join)."""
        qs = self
        for code in codes:
            qs = qs.filter(
                Exists(
                    Practice.sectors.through.objects.filter(
                        practice_id=OuterRef("pk"), sector__code=code
                    )
                )
            )
        return qs

    def of_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def joining_public_and_civil_society(self):
        """Practices that a public institution and a civil-society organisation carry out
        together: among the lead and the partners (funders do not count), at least one
        organisation of each kind. The catalogue index holds the same set
        (``CatalogueIndex``, facet ``collaboration``)."""
        working = Partner.objects.filter(practice_id=OuterRef("pk"), role__in=Partner.WORKING_ROLES)
        return self.filter(
            Exists(working.filter(organisation__kind=Organisation.Kind.PUBLIC)),
            Exists(working.filter(organisation__kind=Organisation.Kind.CIVIL_SOCIETY)),
        )

    def in_work_order(self):
        """What needs its authors first: sent back, drafts, waiting for review, then the
        rest; the most recently changed first within each."""
        order = [
            Practice.Status.CHANGES_REQUESTED,
            Practice.Status.DRAFT,
            Practice.Status.SUBMITTED,
            Practice.Status.PUBLISHED,
            Practice.Status.ARCHIVED,
        ]
        return self.annotate(
            next_step=Case(
                *[When(status=s, then=Value(i)) for i, s in enumerate(order)],
                default=Value(len(order)),
            )
        ).order_by("next_step", "-updated_at")


class Practice(models.Model):
    """A good inter-sectoral practice, reviewed by a working group's coordinators."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        CHANGES_REQUESTED = "changes-requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Evidence(models.TextChoices):
        EVALUATED = "evaluated", _("Evaluated")
        PROMISING = "promising", _("Promising")
        EMERGING = "emerging", _("Emerging")

    class CostRange(models.TextChoices):
        NONE = "none", _("No cost beyond the partners' usual work")
        LOW = "low", _("Low: under €10,000 a year")
        MEDIUM = "medium", _("Medium: €10,000 to €100,000 a year")
        HIGH = "high", _("High: over €100,000 a year")
        UNKNOWN = "unknown", _("Not known")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.TextField(
        _("summary"), max_length=600, blank=True, help_text=_("Two or three sentences.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Markdown: **bold**, *italics*, lists, links and headings."),
        validators=[validate_markdown],
    )
    # The description rendered to safe HTML, per language, when the practice is saved
    # (``save``): pages show it without rendering Markdown on every request.
    # (NULL before the first save: a column SQLite adds without rebuilding the table, which
    # the catalogue's triggers on other tables name.)
    description_html_fr = models.TextField(editable=False, blank=True, null=True)  # noqa: DJ001
    description_html_en = models.TextField(editable=False, blank=True, null=True)  # noqa: DJ001
    child_participation = models.TextField(
        _("child participation"),
        blank=True,
        help_text=_("How children and young people take part in the practice, if they do."),
    )
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="practices", verbose_name=_("territory")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="owned_practices",
        verbose_name=_("organisation"),
        help_text=_("The organisation whose members keep this record up to date."),
    )
    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("working group"),
        help_text=_("The working group whose coordinators review the practice."),
    )
    sectors = models.ManyToManyField(
        Sector, related_name="practices", blank=True, verbose_name=_("sectors involved")
    )
    partners = models.ManyToManyField(
        Organisation,
        through="Partner",
        related_name="practices",
        blank=True,
        verbose_name=_("partner organisations"),
    )
    themes = models.ManyToManyField(
        Theme, related_name="practices", blank=True, verbose_name=_("themes")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="practices", blank=True, verbose_name=_("target groups")
    )
    articles = models.ManyToManyField(
        ConventionArticle,
        related_name="practices",
        blank=True,
        verbose_name=_("Convention articles addressed"),
    )
    evidence = models.CharField(
        _("evidence level"), max_length=20, choices=Evidence.choices, default=Evidence.EMERGING
    )
    year_started = models.PositiveSmallIntegerField(
        _("since (year)"), null=True, blank=True, validators=[validate_practice_year]
    )
    year_ended = models.PositiveSmallIntegerField(
        _("until (year)"),
        null=True,
        blank=True,
        help_text=_("Leave empty if still running."),
        validators=[validate_practice_year],
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("Languages the practice works in.")
    )

    # Implementation: what it takes to run the practice (all optional).
    resources = models.TextField(
        _("resources"),
        max_length=2000,
        blank=True,
        help_text=_("Premises, equipment, tools and materials the practice needs."),
    )
    staffing = models.TextField(
        _("staffing"),
        max_length=2000,
        blank=True,
        help_text=_("Who runs it: professions, number of people, time they give."),
    )
    training = models.TextField(
        _("training"),
        max_length=2000,
        blank=True,
        help_text=_("The training the professionals receive before and while they take part."),
    )
    cost_range = models.CharField(
        _("yearly cost"), max_length=10, choices=CostRange.choices, default=CostRange.UNKNOWN
    )
    duration = models.CharField(
        _("duration"),
        max_length=200,
        blank=True,
        help_text=_("How long it lasts for those it serves, e.g. “a 6-week programme”."),
    )
    transferability = models.TextField(
        _("transferability"),
        max_length=3000,
        blank=True,
        help_text=_(
            "What another territory would need to set it up: partners, law, funding, skills."
        ),
    )
    # The evidence level's assessment, recorded by the services whenever the level changes
    # and when a coordinator publishes the practice (never typed in by its authors).
    evidence_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence_assessments",
        verbose_name=_("evidence assessed by"),
    )
    evidence_assessed_at = models.DateTimeField(_("evidence assessed"), null=True, blank=True)
    evidence_rationale = models.TextField(_("why this evidence level"), max_length=2000, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    review_note = models.TextField(_("coordinator's note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices_created",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices_reviewed",
        verbose_name=_("reviewed by"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_ended__isnull=True)
                | Q(year_started__isnull=True)
                | Q(year_ended__gte=models.F("year_started")),
                name="practice_years_in_order",
                violation_error_message=_("A practice cannot end before it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="practice_status_published"),
            models.Index(fields=["status", "title"], name="practice_status_title"),
        ]

    def __str__(self):
        return self.title

    # Markdown source → its HTML, rendered on every save (QuerySet.update() of a source does
    # not render it: ``manage.py rerender_markdown`` does, for every stored text).
    RENDERED = {"description_fr": "description_html_fr", "description_en": "description_html_en"}
    # The long texts, which lists of practices do not load.
    RECORD_TEXTS = ("resources", "staffing", "training", "transferability")
    TEXT_FIELDS = (
        "description",
        *RENDERED,
        *RENDERED.values(),
        *(f"{name}{suffix}" for name in RECORD_TEXTS for suffix in ("", "_fr", "_en")),
        "evidence_rationale",
    )

    def save(self, *args, update_fields=None, **kwargs):
        update_fields = rendered_fields(self, self.RENDERED, update_fields)
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self):
        return reverse("practices:detail", kwargs={"slug": self.slug})

    def clean(self):
        # The constraint ``practice_years_in_order`` holds it in the database; said here on
        # the field, so that every form (the portal's, the admin's) shows it there.
        started, ended = self.year_started, self.year_ended
        if started is not None and ended is not None and ended < started:
            raise ValidationError(
                {
                    "year_ended": ValidationError(
                        _("A practice cannot end before it starts."), code="ends_before_start"
                    )
                }
            )

    @property
    def description_html(self):
        """The stored HTML of the description in the page's language, or of the language it
        falls back to (as ``description`` does)."""
        for code in resolution_order(get_language()):
            source = getattr(self, f"description_{code}", None)
            if source:
                html = getattr(self, f"description_html_{code}")
                if html is None:
                    # Never rendered: a row written around save() (bulk_create, loaddata,
                    # raw SQL). Shown all the same; rerender_markdown stores it.
                    logger.warning("practice %s: description_%s never rendered", self.pk, code)
                    return render_markdown(source)
                return stored(html)
        return stored("")

    # The vocabularies a practice is classified by, as lists. The catalogue index sets
    # ``relation_lists`` ({lookup: objects}, CatalogueIndex.prime_relations) so that a
    # published practice needs no query; otherwise they come from the related managers
    # (prefetched by whoever shows several practices).
    def _related_list(self, lookup: str) -> list:
        primed = self.__dict__.get("relation_lists")
        if primed is not None and lookup in primed:
            return primed[lookup]
        return list(getattr(self, lookup).all())

    @property
    def sector_list(self) -> list:
        return self._related_list("sectors")

    @property
    def theme_list(self) -> list:
        return self._related_list("themes")

    @property
    def target_group_list(self) -> list:
        return self._related_list("target_groups")

    @property
    def article_list(self) -> list:
        return self._related_list("articles")

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED

    @property
    def lead(self):
        for partner in self.partner_set.all():
            if partner.role == Partner.Role.LEAD:
                return partner.organisation
        return None

    @property
    def joins_public_and_civil_society(self) -> bool:
        """Whether a public institution and a civil-society organisation carry it out
        together (as ``PracticeQuerySet.joining_public_and_civil_society``), from the
        partners already read."""
        return Partner.join_public_and_civil_society(self.partner_set.all())

    def page_lists(self) -> dict[str, list]:
        """The lists read by ``PracticeQuerySet.with_page_lists``, by name (``links``,
        ``attachments``, ``references``, ``partners``), each in its order (``PAGE_LISTS``),
        as instances (a partner's organisation and its sector attached)."""
        lists = {}
        for name, (model, _fields, order) in PAGE_LISTS.items():
            rows = json.loads(getattr(self, f"{name}_rows") or "[]")
            lists[name] = sorted((loaded(model, row, self._state.db) for row in rows), key=order)
        return lists

    def missing_requirements(self) -> list:
        """What must still be filled in before the practice can go to review
        (``requirements.SUBMISSION_REQUIREMENTS``)."""
        return requirements.missing(requirements.Draft.of_practice(self))

    def missing_for_submission(self) -> list[str]:
        """The same, as the words that complete "Before submitting, add: …"."""
        return [str(requirement.message) for requirement in self.missing_requirements()]


class Partner(models.Model):
    """An organisation's part in a practice: lead, partner or funder."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        PARTNER = "partner", _("Partner")
        FUNDER = "funder", _("Funder")

    # The roles of the organisations that carry a practice out (a funder pays for it).
    WORKING_ROLES = (Role.LEAD, Role.PARTNER)

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="partner_set", verbose_name=_("practice")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTNER)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "organisation"],
                name="partner_once_per_practice",
                violation_error_message=_("This organisation is already a partner."),
            ),
            models.UniqueConstraint(
                fields=["practice"],
                condition=Q(role="lead"),
                name="partner_one_lead_per_practice",
                violation_error_message=_("A practice has only one lead organisation."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"

    @classmethod
    def join_public_and_civil_society(cls, partners) -> bool:
        """Whether, among ``partners``, a public institution and a civil-society
        organisation carry the practice out together."""
        kinds = {
            partner.organisation.kind for partner in partners if partner.role in cls.WORKING_ROLES
        }
        return {Organisation.Kind.PUBLIC, Organisation.Kind.CIVIL_SOCIETY} <= kinds


class Link(models.Model):
    """A source or further reading about a practice."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="links", verbose_name=_("practice")
    )
    url = HttpsURLField(_("address"), max_length=500)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["id"]

    def __str__(self):
        return self.title


# A DOI: "10.", a registrant code of digits (dot-separated), "/", a suffix without spaces.
DOI = re.compile(r"10\.\d{4,9}(\.\d+)*/\S+\Z")
DOI_PREFIXES = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def normalise_doi(value: str) -> str:
    """A DOI as stored: without the resolver's address or a "doi:" prefix, nor spaces
    around it ("https://doi.org/10.1000/xyz" → "10.1000/xyz")."""
    return DOI_PREFIXES.sub("", (value or "").strip()).strip()


def validate_doi(value: str) -> None:
    if not DOI.match(value):
        raise ValidationError(
            _("Enter a DOI such as 10.1234/abcd (the address https://doi.org/… also works)."),
            code="invalid_doi",
        )


class DOIField(models.CharField):
    """A DOI, normalised whoever sends it (``full_clean``: the portal, the admin, the API)."""

    default_validators = [validate_doi]

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_doi(value) if value else value


class Reference(models.Model):
    """A published source about a practice: an evaluation, a study, a report, a guideline."""

    class Kind(models.TextChoices):
        EVALUATION = "evaluation", _("Evaluation")
        STUDY = "study", _("Study")
        REPORT = "report", _("Report")
        GUIDELINE = "guideline", _("Guideline")

    # At most this many references per practice (services.practice_save, the form).
    MAX_PER_PRACTICE = 20
    FIRST_YEAR = 1900

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="references", verbose_name=_("practice")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.REPORT)
    authors = models.CharField(
        _("authors"),
        max_length=500,
        blank=True,
        help_text=_("People or organisations, as the document names them."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)],
    )
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(
        _("publisher"),
        max_length=200,
        blank=True,
        help_text=_("The journal, publisher or institution that published it."),
    )
    doi = DOIField(
        _("DOI"),
        max_length=200,
        blank=True,
        help_text=_("For example 10.1234/abcd."),
    )
    url = HttpsURLField(_("address"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(doi="") | ~Q(url="") | ~Q(publisher=""),
                name="reference_has_a_source",
                violation_error_message=_(
                    "Give a DOI, an address or a publisher: where readers can find it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2100),
                name="reference_year_plausible",
                violation_error_message=_("Give the year it was published."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.year is not None and self.year > datetime.date.today().year + 1:
            raise ValidationError({"year": _("Give the year it was published.")})

    @property
    def doi_url(self) -> str:
        return self.doi_address(self.doi)

    @staticmethod
    def doi_address(doi: str) -> str:
        """The resolver's address of a DOI ("" without one)."""
        return f"https://doi.org/{doi}" if doi else ""

    @property
    def address(self) -> str:
        """Where to read it: the DOI's resolver, else the address given."""
        return self.doi_url or self.url

    @property
    def citation(self) -> str:
        """The reference as plain text: "Authors (year). Title. Publisher (kind)"."""
        head = self.authors
        if self.year:
            head = f"{head} ({self.year})" if head else f"({self.year})"
        parts = [part for part in (head, self.title, self.publisher) if part]
        return f"{'. '.join(parts)} ({self.get_kind_display()})"


def attachment_path(instance, filename):
    """A generated name with the extension of the type found in the content."""
    return uploads.stored_name("practices", instance.content_type)


def _upload_of(file):
    """What was given as a file: a model's file attribute wraps what was assigned to it."""
    return file.file if isinstance(file, FieldFile) and file else file


class Document(models.Model):
    """An uploaded file, checked by content (``take_file``, which the services call): what the
    documents of practices and of meetings have in common. Served only as a download
    (``download``)."""

    title = models.CharField(_("title"), max_length=200)
    original_name = models.CharField(_("original name"), max_length=255, blank=True)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self):
        return self.title

    # The upload ``take_file`` last judged (not a field): the form takes the file, then the
    # service is given the document and takes it again without reading it twice.
    _taken = None

    def take_file(self, upload) -> None:
        """Keep ``upload`` as this document's file, judged by its bytes whoever sends it (the
        form, the shell, an import; a ValidationError says why it is refused): its type,
        size and shown name come from here. The stored name then takes the type's
        extension. The upload this document has taken already, and still holds, is not
        judged again."""
        given = _upload_of(upload)
        if self._taken is not None and self._taken is given and _upload_of(self.file) is given:
            return
        self.content_type = uploads.detect_type(upload)
        self.size = upload.size
        self.original_name = uploads.safe_name(upload.name or "")
        self.file = upload
        self._taken = given

    @property
    def download_name(self) -> str:
        return uploads.download_name(self.original_name, self.content_type)

    def download(self):
        """The file as a download that no cache keeps and no browser runs or renders in the
        portal's origin, whatever it holds; 404 if it is missing on disk."""
        try:
            handle = self.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        response = FileResponse(handle, content_type=self.content_type)
        response["Content-Disposition"] = uploads.content_disposition(self.download_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        response["Cache-Control"] = "private, no-store"
        return response


class Attachment(Document):
    """A document about a practice (PDF, office document or image)."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("practice")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)

    class Meta(Document.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def get_absolute_url(self):
        return reverse("practices:attachment", kwargs={"slug": self.practice.slug, "pk": self.pk})


# ---------------------------------------------------------------- a practice's page, one query


class JSONRows(models.Aggregate):
    """The rows' JSON objects as one JSON array, as text (NULL without rows), on
    PostgreSQL and SQLite."""

    function = "JSON_AGG"
    # Text on both: psycopg would decode PostgreSQL's json itself, SQLite gives text.
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = self.as_sql(compiler, connection, **extra_context)
        return f"{sql}::text", params

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


class JSONRow(models.Func):
    """The row's fields as one JSON object keyed by their paths ("organisation__name"),
    on PostgreSQL and SQLite. The keys are written into the query: names of fields only."""

    output_field = models.TextField()
    KEY = re.compile(r"[a-z][a-z0-9_]*\Z")

    def __init__(self, *paths):
        if not all(self.KEY.match(path) for path in paths):
            raise ValueError(f"Not names of fields: {paths!r}")
        self.keys = paths
        super().__init__(*paths)

    def as_sql(self, compiler, connection, **extra_context):
        function = "JSON_BUILD_OBJECT" if connection.vendor == "postgresql" else "JSON_OBJECT"
        pairs, params = [], []
        for key, expression in zip(self.keys, self.get_source_expressions(), strict=True):
            sql, expression_params = compiler.compile(expression)
            pairs.append(f"'{key}', {sql}")
            params.extend(expression_params)
        return f"{function}({', '.join(pairs)})", params


def page_list_rows(model, fields):
    """A subquery: the JSON array of the rows of ``model`` that belong to the outer
    practice, each an object keyed by ``fields`` (paths as ``values()`` names them:
    "organisation__name")."""
    return Subquery(
        model.objects.filter(practice=OuterRef("pk"))
        .order_by()
        .values("practice")
        .annotate(rows=JSONRows(JSONRow(*fields)))
        .values("rows")
    )


def loaded(model, row: dict, db: str):
    """An instance of ``model`` as read from the database (``Model.from_db``: the fields
    not in ``row`` are deferred), from a JSON object keyed by field paths, with its related
    objects ("organisation__name") built and attached the same way."""
    own, related = {}, defaultdict(dict)
    for path, value in row.items():
        head, _, rest = path.partition("__")
        if rest:
            related[head][rest] = value
        else:
            own[head] = value
    names = [f.attname for f in model._meta.concrete_fields if f.attname in own]
    instance = model.from_db(db, names, [own[name] for name in names])
    for name, values in related.items():
        # A null foreign key gives an object of nulls: no related object.
        related_object = (
            None
            if values.get("id") is None
            else loaded(model._meta.get_field(name).related_model, values, db)
        )
        setattr(instance, name, related_object)
    return instance


def _partner_order(partner):
    # By role, then by name as people read names (accents and case aside, on either
    # database; a database's collation may order "Ébène" after "zèbre"), then as added.
    name = partner.organisation.name
    return partner.role, unaccent(name), name, partner.pk


# What a practice's page shows of its lists: the model, the fields read (with the related
# objects' ones; a related object's "id" is needed to tell a null foreign key), the order.
# The page reads nothing else of them: a field it starts using must be added here, or each
# row would load it with a query of its own (the page's query-count tests see those their
# data shows).
PAGE_LISTS = {
    "links": (Link, ("id", "practice_id", "url", "title"), lambda link: link.pk),
    "attachments": (
        Attachment,
        ("id", "practice_id", "title", "size"),
        lambda attachment: attachment.pk,
    ),
    "references": (
        Reference,
        ("id", "practice_id", "kind", "authors", "year", "title", "publisher", "doi", "url"),
        lambda reference: reference.pk,
    ),
    "partners": (
        Partner,
        (
            "id",
            "practice_id",
            "organisation_id",
            "role",
            "organisation__id",
            "organisation__name",
            "organisation__slug",
            "organisation__kind",
            "organisation__sector_id",
            "organisation__sector__id",
            "organisation__sector__code",
            "organisation__sector__name",
            "organisation__sector__name_fr",
            "organisation__sector__name_en",
        ),
        _partner_order,
    ),
}


class Transition(models.Model):
    """One step of a practice's review: who moved it, from what, to what, and why."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("practice")
    )
    from_status = models.CharField(
        _("previous status"), max_length=20, choices=Practice.Status.choices
    )
    to_status = models.CharField(_("new status"), max_length=20, choices=Practice.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="practice_transitions",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(_("date"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.practice}: {self.from_status} → {self.to_status}"


class OldSlug(models.Model):
    """A slug a practice used to have: its old address redirects to the new one."""

    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="old_slugs", verbose_name=_("practice")
    )

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        ordering = ["slug"]

    def __str__(self):
        return self.slug


class ImprovementQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Improvement.Status.OPEN)

    def reviewable_by(self, user):
        """The suggestions ``user`` answers: those on the practices of the groups they
        coordinate (``PracticeQuerySet.reviewable_by``); all for staff."""
        r = roles(user)
        return self if r.is_staff else self.filter(practice__group_id__in=r.coordinator_of)

    def waiting_for(self, user):
        """``user``'s queue of suggestions: the open ones they answer, oldest first."""
        return self.reviewable_by(user).open().order_by("created_at", "pk")


class Improvement(models.Model):
    """A member's suggestion to improve a published practice, and the coordinators' answer."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        TAKEN_UP = "taken-up", _("Taken up")
        DECLINED = "declined", _("Declined")

    # A short discussion, not a forum: the comments one suggestion may receive.
    MAX_COMMENTS = 200

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="improvements", verbose_name=_("practice")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="improvements",
        verbose_name=_("author"),
    )
    text = models.TextField(_("suggestion"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    response = models.TextField(_("response"), blank=True, max_length=5000)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="improvement_responses",
        verbose_name=_("answered by"),
    )
    created_at = models.DateTimeField(_("suggested"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # The practice's version when the suggestion was made (empty for older suggestions),
    # and the version that took it up (services.improvement_answer).
    practice_version = models.PositiveIntegerField(
        _("version of the practice suggested on"), null=True, blank=True, editable=False
    )
    taken_up_in_version = models.PositiveIntegerField(
        _("taken up in version"), null=True, blank=True
    )

    objects = ImprovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("improvement")
        verbose_name_plural = _("improvements")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(taken_up_in_version__isnull=True) | Q(status="taken-up"),
                name="improvement_version_only_when_taken_up",
                violation_error_message=_(
                    "Only a suggestion taken up names the version that took it up."
                ),
            ),
            models.CheckConstraint(
                condition=Q(taken_up_in_version__isnull=True)
                | Q(practice_version__isnull=True)
                | Q(taken_up_in_version__gte=models.F("practice_version")),
                name="improvement_taken_up_after_suggested",
                violation_error_message=_(
                    "A suggestion can only be taken up in the version it was made on or a "
                    "later one."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="improvement_status_created"),
        ]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return reverse(
            "practices:improvement_detail", kwargs={"slug": self.practice.slug, "pk": self.pk}
        )

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class ImprovementComment(models.Model):
    """A message in the short discussion of a suggestion (members and coordinators)."""

    improvement = models.ForeignKey(
        Improvement,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("suggestion"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="improvement_comments",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a suggestion")
        verbose_name_plural = _("comments on suggestions")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]


class PracticeSearch(models.Model):
    """The search vectors of a practice (PostgreSQL only): a narrow table kept by a trigger
    on ``practices_practice`` (migrations 0005 and 0007), read by ``practices.search``."""

    practice = models.OneToOneField(
        Practice,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="search",
    )
    published = models.BooleanField()
    # Title (weight A), summary (B) and description (C), in French and English.
    document = SearchVectorField()
    # Title and summary only: what relevance ranks on.
    head = SearchVectorField()

    class Meta:
        managed = False
        db_table = "practices_practicesearch"

    def __str__(self):
        return str(self.practice_id)


class SearchWord(models.Model):
    """A word of a published practice's title or summary (unaccented, lower case), which
    "did you mean" may propose. Written by triggers (practices/search_tables.py), never
    removed: a proposal is checked against the search before it is shown.

    Not unique, on purpose: a unique index would make a writer wait for any other
    transaction adding the same new word until it commits (catalogue writes must not
    serialise). A trigger adds only words not there yet, so a word appears twice only if
    two transactions add it at the same moment; readers group by word."""

    word = models.CharField(max_length=40, db_index=True)

    class Meta:
        db_table = "practices_searchword"

    def __str__(self):
        return self.word


class CatalogueChange(models.Model):
    """One change to what the public catalogue shows, written by database triggers in the
    transaction of the change (migration 0007), whatever made it: the portal, the admin,
    ``QuerySet.update()``, bulk writes, raw SQL, fixtures. Read by ``practices.cache``.

    On PostgreSQL the table also has a ``txid`` column (the writing transaction), which
    tells the readers which changes were committed since they last looked."""

    class Kind(models.TextChoices):
        # A published practice (or one entering or leaving the catalogue): its facets,
        # its place in the catalogue order or its searchable text.
        INDEX = "i", _("catalogue index")
        # What pages show but the index does not hold: an organisation renamed, a
        # partner, a link or an attachment of a published practice, a working group.
        RENDERING = "r", _("rendering only")
        # A vocabulary (sectors, themes, target groups, articles, territories), a bulk
        # truncation: the index is built again.
        VOCABULARY = "v", _("vocabulary")
        # The network's activity that public pages show beside the catalogue: meetings,
        # their agendas, attendance, decisions and action items, protocols, published
        # reports (Insight, the map, yearly reports, a practice's "examined at"). The
        # index stays; what was derived from the activity, and the cached pages, are renewed.
        ACTIVITY = "a", _("meetings and protocols")

    kind = models.CharField(_("kind"), max_length=1, choices=Kind.choices)
    practice_id = models.BigIntegerField(_("practice"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed"), db_default=Now())

    class Meta:
        verbose_name = _("catalogue change")
        verbose_name_plural = _("catalogue changes")
        ordering = ["id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.practice_id or ''}".strip()


class CatalogueLogPruning(models.Model):
    """One row: how many changes were pruned from the change log so far, and below which
    point (a transaction id on PostgreSQL, a change id on SQLite). A reader that had not
    seen that point builds its index again instead of missing the pruned changes."""

    rows_pruned = models.BigIntegerField(default=0)
    pruned_below = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("change log pruning")
        verbose_name_plural = _("change log prunings")

    def __str__(self):
        return f"{self.rows_pruned} < {self.pruned_below}"
