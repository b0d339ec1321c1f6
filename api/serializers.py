"""What the open data API shows: public fields only (no person, no draft, no meeting)."""

from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from glossary.models import Term
from practices.models import ConventionArticle, Link, Partner, Practice
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

    class Meta:
        model = Partner
        fields = ["organisation", "organisation_name", "role"]


class LinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Link
        fields = ["title", "url"]


class PracticeSerializer(serializers.ModelSerializer):
    territory = TerritorySerializer(read_only=True)
    sectors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    target_groups = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    articles = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    partners = PartnerSerializer(source="partner_set", many=True, read_only=True)
    links = LinkSerializer(many=True, read_only=True)
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
            "published_at",
            "updated_at",
            "url",
        ]

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
