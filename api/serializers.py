"""What the open data API shows: public fields only (no person, no draft, no meeting)."""

import re

from django.urls import reverse
from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from glossary.models import Term
from practices.models import ConventionArticle, Link, Partner, Practice, Reference
from protocols.models import Protocol, Signatory, Step
from stakeholders.models import Organisation, Sector, Territory


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["code", "name_fr", "name_en", "description_fr", "description_en"]


class TerritorySerializer(serializers.ModelSerializer):
    country = CountryField()
    country_name = serializers.SerializerMethodField()

    class Meta:
        model = Territory
        fields = ["slug", "country", "country_name", "name"]

    @extend_schema_field(serializers.CharField())
    def get_country_name(self, territory) -> str:
        return str(territory.country.name)


class ConventionArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConventionArticle
        fields = ["number", "title_fr", "title_en"]


class OrganisationSerializer(serializers.ModelSerializer):
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)
    territory = TerritorySerializer(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "acronym",
            "sector",
            "kind",
            "territory",
            "website",
            "public_contact",
            "description_fr",
            "description_en",
            "url",
        ]

    @extend_schema_field(serializers.URLField())
    def get_url(self, organisation) -> str:
        return self.context["request"].build_absolute_uri(organisation.get_absolute_url())


class PartnerSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    organisation_kind = serializers.ChoiceField(
        source="organisation.kind", choices=Organisation.Kind.choices, read_only=True
    )

    class Meta:
        model = Partner
        fields = ["organisation", "organisation_name", "organisation_kind", "role"]


class LinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Link
        fields = ["title", "url"]


class ReferenceSerializer(serializers.ModelSerializer):
    doi_url = serializers.CharField(read_only=True)

    class Meta:
        model = Reference
        fields = ["kind", "authors", "year", "title", "publisher", "doi", "doi_url", "url"]


# What it takes to run a practice (Practice's implementation fields), as one object.
IMPLEMENTATION_FIELDS = [
    "resources_fr", "resources_en", "staffing_fr", "staffing_en", "training_fr",
    "training_en", "cost_range", "duration_fr", "duration_en",
]  # fmt: skip


class ImplementationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Practice
        fields = IMPLEMENTATION_FIELDS


class EvidenceAssessmentSerializer(serializers.Serializer):
    """When the evidence level was last assessed, and why (never who: personal data)."""

    assessed_at = serializers.DateTimeField(
        source="evidence_assessed_at", read_only=True, allow_null=True
    )
    rationale = serializers.CharField(source="evidence_rationale", read_only=True)


# A slug that reverse() leaves as it is (no character to quote).
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")


class PracticeListSerializer(serializers.ListSerializer):
    """A page of practices: for each one the very JSON that ``PracticeSerializer`` gives,
    written field by field instead of through DRF's generic machinery (a page has 20
    practices with about fifty fields and nested objects each). The sectors, themes,
    target groups and articles are read from ``Practice.sector_list`` and the like, which
    the view primes (from the catalogue index for published practices: no query); the
    partners, links and references as plain rows (``page_relations``)."""

    TEXTS = [
        "slug", "title_fr", "title_en", "summary_fr", "summary_en", "description_fr",
        "description_en", "child_participation_fr", "child_participation_en",
    ]  # fmt: skip
    RELATIONS = [
        ("sectors", "sector_list", "code"),
        ("themes", "theme_list", "code"),
        ("target_groups", "target_group_list", "code"),
        ("articles", "article_list", "number"),
    ]

    def to_representation(self, data):
        practices = data.all() if hasattr(data, "all") else data
        # Built once (the child's ``fields`` would build every field at each request).
        published_at = updated_at = DATETIME.to_representation
        territory_json = TERRITORY.to_representation
        territories = {}
        url = self._practice_url()
        relations = page_relations([practice.pk for practice in practices])
        rows = []
        for practice in practices:
            row = {}
            for name in self.TEXTS:
                value = getattr(practice, name)
                row[name] = None if value is None else str(value)
            territory = practice.territory
            if territory is None:
                row["territory"] = None
            else:
                if territory.pk not in territories:
                    territories[territory.pk] = territory_json(territory)
                row["territory"] = dict(territories[territory.pk])
            for name, source, attribute in self.RELATIONS:
                row[name] = [getattr(obj, attribute) for obj in getattr(practice, source)]
            row["evidence"] = practice.evidence  # a ChoiceField shows the stored value
            for name in ("year_started", "year_ended"):
                value = getattr(practice, name)
                row[name] = None if value is None else int(value)
            languages = practice.languages
            row["languages"] = (
                None if languages is None else [None if x is None else str(x) for x in languages]
            )
            row.update(relations[practice.pk])
            row["implementation"] = {
                name: None if getattr(practice, name) is None else str(getattr(practice, name))
                for name in IMPLEMENTATION_FIELDS
            }
            for name in ("transferability_fr", "transferability_en"):
                value = getattr(practice, name)
                row[name] = None if value is None else str(value)
            assessed_at = practice.evidence_assessed_at
            row["evidence_assessment"] = {
                "assessed_at": None if assessed_at is None else published_at(assessed_at),
                "rationale": str(practice.evidence_rationale),
            }
            row["published_at"] = (
                None if practice.published_at is None else published_at(practice.published_at)
            )
            row["updated_at"] = (
                None if practice.updated_at is None else updated_at(practice.updated_at)
            )
            row["url"] = url(practice)
            rows.append(row)
        return rows

    def _practice_url(self):
        """``practice -> its absolute URL``, reversing the path once for the page."""
        request = self.context["request"]
        marker = "practice-slug"
        prefix, suffix = request.build_absolute_uri(
            reverse("practices:detail", kwargs={"slug": marker})
        ).rsplit(marker, 1)

        def url(practice):
            if PLAIN_SLUG.match(practice.slug):
                return prefix + practice.slug + suffix
            return request.build_absolute_uri(practice.get_absolute_url())

        return url


def page_relations(ids: list[int]) -> dict[int, dict[str, list]]:
    """The partners, links and references of a page of practices, as the detail's
    serializers write them: three queries of plain rows (no model instance), in the
    models' order. A second definition of that JSON: tests/api/test_api.py
    (``test_the_list_gives_each_practice_exactly_as_retrieving_it_does``) holds the two
    together."""
    relations = {pk: {"partners": [], "links": [], "references": []} for pk in ids}
    if not ids:
        return relations
    partners = (
        Partner.objects.filter(practice_id__in=ids)
        .order_by(*Partner._meta.ordering)
        .values_list(
            "practice_id", "organisation__slug", "organisation__name", "organisation__kind", "role"
        )
    )
    for pk, slug, name, kind, role in partners:
        relations[pk]["partners"].append(
            {
                "organisation": slug,
                "organisation_name": name,
                "organisation_kind": kind,
                "role": role,
            }
        )
    for pk, title, address in (
        Link.objects.filter(practice_id__in=ids)
        .order_by(*Link._meta.ordering)
        .values_list("practice_id", "title", "url")
    ):
        relations[pk]["links"].append({"title": title, "url": address})
    for pk, kind, authors, year, title, publisher, doi, address in (
        Reference.objects.filter(practice_id__in=ids)
        .order_by(*Reference._meta.ordering)
        .values_list("practice_id", "kind", "authors", "year", "title", "publisher", "doi", "url")
    ):
        relations[pk]["references"].append(
            {
                "kind": kind,
                "authors": authors,
                "year": year,
                "title": title,
                "publisher": publisher,
                "doi": doi,
                "doi_url": Reference.doi_address(doi),
                "url": address,
            }
        )
    return relations


DATETIME = serializers.DateTimeField()
TERRITORY = TerritorySerializer()


# A property as the source hides the model field from the schema, which is told here: a
# vocabulary's code is a string, an article's number a small positive integer.
@extend_schema_field(serializers.CharField())
class CodeField(serializers.SlugRelatedField):
    pass


@extend_schema_field(serializers.IntegerField(min_value=0, max_value=32767))
class ArticleNumberField(serializers.SlugRelatedField):
    pass


class PracticeSerializer(serializers.ModelSerializer):
    territory = TerritorySerializer(read_only=True)
    # The lists the view primes (from the catalogue index for a published practice).
    sectors = CodeField(source="sector_list", slug_field="code", many=True, read_only=True)
    themes = CodeField(source="theme_list", slug_field="code", many=True, read_only=True)
    target_groups = CodeField(
        source="target_group_list", slug_field="code", many=True, read_only=True
    )
    articles = ArticleNumberField(
        source="article_list", slug_field="number", many=True, read_only=True
    )
    partners = PartnerSerializer(source="partner_set", many=True, read_only=True)
    links = LinkSerializer(many=True, read_only=True)
    references = ReferenceSerializer(many=True, read_only=True)
    implementation = ImplementationSerializer(source="*", read_only=True)
    evidence_assessment = EvidenceAssessmentSerializer(source="*", read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Practice
        fields = [
            "slug",
            "title_fr",
            "title_en",
            "summary_fr",
            "summary_en",
            "description_fr",
            "description_en",
            "child_participation_fr",
            "child_participation_en",
            "territory",
            "sectors",
            "themes",
            "target_groups",
            "articles",
            "evidence",
            "year_started",
            "year_ended",
            "languages",
            "partners",
            "links",
            "references",
            "implementation",
            "transferability_fr",
            "transferability_en",
            "evidence_assessment",
            "published_at",
            "updated_at",
            "url",
        ]
        list_serializer_class = PracticeListSerializer

    @extend_schema_field(serializers.URLField())
    def get_url(self, practice) -> str:
        return self.context["request"].build_absolute_uri(practice.get_absolute_url())


class EquivalentSerializer(serializers.ModelSerializer):
    country = CountryField()

    class Meta:
        model = Term
        fields = ["slug", "name", "country"]


class GlossaryTermSerializer(serializers.ModelSerializer):
    country = CountryField()
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    equivalents = EquivalentSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Term
        fields = [
            "slug",
            "name",
            "full_name",
            "languages",
            "country",
            "sector",
            "definition_fr",
            "definition_en",
            "source_url",
            "equivalents",
            "updated_at",
            "url",
        ]

    @extend_schema_field(serializers.URLField())
    def get_url(self, term) -> str:
        return self.context["request"].build_absolute_uri(term.get_absolute_url())


class SignatorySerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    organisation_kind = serializers.ChoiceField(
        source="organisation.kind", choices=Organisation.Kind.choices, read_only=True
    )

    class Meta:
        model = Signatory
        fields = ["organisation", "organisation_name", "organisation_kind", "role"]


class StepSerializer(serializers.ModelSerializer):
    """One step of the pathway: who is responsible, an organisation (slug) or a sector (code)."""

    responsible_organisation = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    responsible_sector = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = Step
        fields = [
            "position",
            "what_fr",
            "what_en",
            "responsible_organisation",
            "responsible_sector",
            "time_limit_fr",
            "time_limit_en",
            "legal_basis_fr",
            "legal_basis_en",
        ]


class ProtocolSerializer(serializers.ModelSerializer):
    """A public protocol out of preparation: never its document, its author or its meeting.

    The relations are read from what the view prefetched: the published practices only, the
    public revisions only, the protocol it revises only when that one is public."""

    territory = TerritorySerializer(read_only=True)
    signatories = SignatorySerializer(many=True, read_only=True)
    sectors_bound = serializers.SerializerMethodField()
    steps = StepSerializer(many=True, read_only=True)
    practices = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    supersedes = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    superseded_by = serializers.SlugRelatedField(
        source="revisions", slug_field="slug", many=True, read_only=True
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Protocol
        fields = [
            "slug",
            "title_fr",
            "title_en",
            "summary_fr",
            "summary_en",
            "kind",
            "status",
            "territory",
            "signed_on",
            "in_force_from",
            "in_force_until",
            "next_review_on",
            "signatories",
            "sectors_bound",
            "steps",
            "practices",
            "supersedes",
            "superseded_by",
            "updated_at",
            "url",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_sectors_bound(self, protocol) -> list[str]:
        """The codes of the signatories' sectors, in the sectors' order."""
        sectors = {s.organisation.sector for s in protocol.signatories.all()}
        return [s.code for s in sorted(sectors, key=lambda s: (s.position, s.code))]

    @extend_schema_field(serializers.URLField())
    def get_url(self, protocol) -> str:
        return self.context["request"].build_absolute_uri(protocol.get_absolute_url())
