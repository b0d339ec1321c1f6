"""Read-only JSON API over the public catalogue and directory (Django REST framework)."""

import django_filters
from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers as drf_serializers
from rest_framework import viewsets
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination

from glossary.models import Term
from practices.filters import Catalogue, PracticeFilter
from practices.index import current_index
from practices.models import ConventionArticle, Partner, Practice
from protocols import rules as protocol_rules
from protocols.filters import ProtocolFilter
from protocols.models import Protocol, Signatory, Step
from stakeholders.filters import OrganisationFilter
from stakeholders.models import Organisation, Sector, Territory

from . import serializers

# Errors are JSON objects with a message: {"detail": "..."}.
ERROR = inline_serializer("Error", {"detail": drf_serializers.CharField()})
NOT_FOUND = OpenApiResponse(
    response=ERROR, description="Not found (or a page number past the end)."
)
THROTTLED = OpenApiResponse(
    response=ERROR, description="Too many requests: retry after the Retry-After delay."
)
COMMON = {404: NOT_FOUND, 429: THROTTLED}
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    location=OpenApiParameter.HEADER,
    response=[429],
    description="Seconds to wait before the next request.",
)


def _list_responses(serializer):
    return {200: serializer(many=True), **COMMON}


# What each of the catalogue's GET parameters means to an API client. The parameters
# themselves (names, repeatable or not, types, fixed choices) are the catalogue's filters
# (practices.filters.PracticeFilter), read below: a filter added there without a line here
# fails at import.
PRACTICE_PARAMETER_DESCRIPTIONS = {
    "q": "Full-text search (French and English, accents ignored). A glossary term in q also "
    "searches its equivalents (see exact).",
    "sector": "Sector code; repeat to require several.",
    "country": "ISO 3166-1 alpha-2 country code.",
    "territory": "Territory slug.",
    "theme": "Theme code.",
    "target": "Target group code.",
    "evidence": "Evidence level.",
    "article": "Lanzarote Convention article number.",
    "collaboration": "public-civil-society: practices whose lead or partners include both a "
    "public institution and a civil-society organisation (funders do not count).",
    "sort": "Order of the results (relevance only with q).",
    "exact": "1: search the words of q only. Otherwise a glossary term in q also searches "
    "its equivalents in other countries (listed in also_searched).",
}


def _catalogue_parameters() -> list[OpenApiParameter]:
    """The OpenAPI parameters of the practice list: the catalogue's filters, and ``exact``
    (read by practices.filters.Catalogue beside them)."""
    parameters = []
    for name, declared in PracticeFilter.base_filters.items():
        choices = declared.extra.get("choices")
        coerce = declared.extra.get("coerce")
        parameters.append(
            OpenApiParameter(
                name,
                OpenApiTypes.INT if coerce is int else OpenApiTypes.STR,
                many=isinstance(declared, django_filters.MultipleChoiceFilter),
                # Fixed choices are listed; those of the vocabularies change with the data.
                enum=[str(value) for value, _label in choices] if choices else None,
                description=PRACTICE_PARAMETER_DESCRIPTIONS[name],
            )
        )
    parameters.append(
        OpenApiParameter(
            "exact",
            OpenApiTypes.STR,
            enum=["1"],
            description=PRACTICE_PARAMETER_DESCRIPTIONS["exact"],
        )
    )
    return parameters


PRACTICE_PARAMETERS = _catalogue_parameters()


class PracticePagination(PageNumberPagination):
    """A page of practices and, when searching (``q``), what the search did: the glossary
    equivalents searched besides the query (``also_searched``) and, for a search with no or
    few results, other words to try (``did_you_mean``)."""

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        catalogue = self.view.catalogue
        if self.request.query_params.get("q", "").strip():
            response.data["also_searched"] = list(catalogue.also_searched)
            response.data["did_you_mean"] = catalogue.suggestions()
        return response

    def paginate_queryset(self, queryset, request, view=None):
        self.view = view
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        words = {"type": "array", "items": {"type": "string"}}
        schema["properties"]["also_searched"] = {
            **words,
            "description": "With q: the glossary equivalents searched besides q (none with "
            "exact=1).",
        }
        schema["properties"]["did_you_mean"] = {
            **words,
            "description": "With q: queries to try instead, when q finds fewer than three "
            "practices.",
        }
        return schema


@extend_schema_view(
    list=extend_schema(
        summary="Published practices",
        description="The catalogue's filters; unknown values are ignored.",
        parameters=[*PRACTICE_PARAMETERS, RETRY_AFTER],
        responses=_list_responses(serializers.PracticeSerializer),
    ),
    retrieve=extend_schema(
        summary="One published practice",
        responses={200: serializers.PracticeSerializer, **COMMON},
        parameters=[RETRY_AFTER],
    ),
)
class PracticeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.PracticeSerializer
    pagination_class = PracticePagination
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        # The sectors, themes, target groups and articles come from the catalogue index
        # (get_object, paginate_queryset); a page's partners, links and references are
        # read as plain rows by its serializer (serializers.page_relations).
        practices = Practice.objects.published().select_related("territory")
        if self.action == "list":
            return practices
        return practices.prefetch_related(
            "links",
            "references",
            Prefetch(
                "partner_set",
                queryset=Partner.objects.select_related("organisation").only(
                    "practice_id",
                    "role",
                    "organisation__slug",
                    "organisation__name",
                    "organisation__kind",
                ),
            ),
        )

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        # The same filters, search, order and counts as the catalogue page: the paginator
        # reads only the page's rows (practices.index).
        self.catalogue = Catalogue(self.request.query_params, queryset)
        return self.catalogue.results

    def get_object(self):
        practice = super().get_object()
        current_index().prime_relations([practice])
        return practice

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self.action == "list":
            # The vocabularies of the practices the index holds come from the index, the
            # others' are prefetched (one query per relation for the page).
            self.catalogue.index.prime_relations(page)
        return page


class LenientFilterBackend(DjangoFilterBackend):
    """django-filter's backend, lenient as the pages are: a value the filters do not know is
    ignored (the other filters still apply) instead of answering 400."""

    raise_exception = False


@extend_schema_view(
    list=extend_schema(
        summary="Organisations of the directory",
        # The filters' parameters come from the directory's FilterSet (drf-spectacular
        # reads it through the filter backend).
        parameters=[RETRY_AFTER],
        responses=_list_responses(serializers.OrganisationSerializer),
    ),
    retrieve=extend_schema(
        summary="One organisation",
        responses={200: serializers.OrganisationSerializer, **COMMON},
        parameters=[RETRY_AFTER],
    ),
)
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.OrganisationSerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    # The directory page's filters, through django-filter's DRF backend.
    filter_backends = [LenientFilterBackend]
    filterset_class = OrganisationFilter

    def get_queryset(self):
        return Organisation.objects.select_related("sector", "territory").order_by("name", "pk")

    def filter_queryset(self, queryset):
        # One organisation is found by its address whatever the query string says.
        return super().filter_queryset(queryset) if self.action == "list" else queryset


@extend_schema_view(
    list=extend_schema(
        summary="The seven sectors",
        responses=_list_responses(serializers.SectorSerializer),
        parameters=[RETRY_AFTER],
    ),
    retrieve=extend_schema(
        summary="One sector",
        responses={200: serializers.SectorSerializer, **COMMON},
        parameters=[RETRY_AFTER],
    ),
)
class SectorViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Sector.objects.all()
    serializer_class = serializers.SectorSerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-z0-9]+"


@extend_schema_view(
    list=extend_schema(
        summary="Territories",
        responses=_list_responses(serializers.TerritorySerializer),
        parameters=[RETRY_AFTER],
    ),
    retrieve=extend_schema(
        summary="One territory",
        responses={200: serializers.TerritorySerializer, **COMMON},
        parameters=[RETRY_AFTER],
    ),
)
class TerritoryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Territory.objects.order_by("country", "name", "pk")
    serializer_class = serializers.TerritorySerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"


@extend_schema_view(
    list=extend_schema(
        summary="Lanzarote Convention articles",
        responses=_list_responses(serializers.ConventionArticleSerializer),
        parameters=[RETRY_AFTER],
    ),
    retrieve=extend_schema(
        summary="One article",
        responses={200: serializers.ConventionArticleSerializer, **COMMON},
        parameters=[RETRY_AFTER],
    ),
)
class ConventionArticleViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = ConventionArticle.objects.all()
    serializer_class = serializers.ConventionArticleSerializer
    lookup_field = "number"
    lookup_value_regex = "[0-9]{1,4}"


@extend_schema_view(
    list=extend_schema(
        summary="Glossary of equivalent terms",
        description="Every term, A–Z, with its equivalents in other countries.",
        parameters=[
            OpenApiParameter("country", OpenApiTypes.STR, description="ISO 3166-1 alpha-2 code."),
            OpenApiParameter("sector", OpenApiTypes.STR, description="Sector code."),
            RETRY_AFTER,
        ],
        responses=_list_responses(serializers.GlossaryTermSerializer),
    ),
    retrieve=extend_schema(
        summary="One glossary term",
        responses={200: serializers.GlossaryTermSerializer, **COMMON},
        parameters=[RETRY_AFTER],
    ),
)
class GlossaryTermViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.GlossaryTermSerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return (
            Term.objects.select_related("sector")
            .prefetch_related(
                Prefetch("equivalents", queryset=Term.objects.only("slug", "name", "country"))
            )
            .order_by("name", "country", "pk")
        )

    def filter_queryset(self, queryset):
        """Unknown values find nothing (as a filter that matches no term)."""
        if self.action != "list":
            return queryset
        params = self.request.query_params
        if params.get("country"):
            queryset = queryset.filter(country=params["country"].upper()[:2])
        if params.get("sector"):
            queryset = queryset.filter(sector__code=params["sector"][:20])
        return queryset


# What each filter of the protocols list (protocols.filters.ProtocolFilter) means to an API
# client: a filter added there without a line here fails at import.
PROTOCOL_PARAMETER_DESCRIPTIONS = {
    "territory": "Territory slug.",
    "country": "ISO 3166-1 alpha-2 country code of the protocol's territory.",
    "kind": "Kind of protocol.",
    "sector": "Sector code, repeatable: protocols whose signatories include organisations of "
    "every sector given.",
    "status": "Status (protocols in preparation are never listed).",
    "review": "due: protocols in force whose review or end date is within 90 days, or past.",
}


def _protocol_parameters() -> list[OpenApiParameter]:
    parameters = []
    for name, declared in ProtocolFilter.base_filters.items():
        choices = declared.extra.get("choices")
        if name == "status":
            choices = [c for c in choices if c[0] != Protocol.Status.IN_PREPARATION]
        parameters.append(
            OpenApiParameter(
                name,
                OpenApiTypes.STR,
                # Fixed choices are listed; the countries in use change with the data.
                enum=[str(value) for value, _label in choices]
                if isinstance(choices, list)
                else None,
                description=PROTOCOL_PARAMETER_DESCRIPTIONS[name],
                many=isinstance(declared, django_filters.ModelMultipleChoiceFilter) or None,
            )
        )
    return parameters


PROTOCOL_PARAMETERS = _protocol_parameters()


@extend_schema_view(
    list=extend_schema(
        summary="Public territorial protocols",
        description="Public protocols out of preparation, with the list page's filters; "
        "unknown values are ignored.",
        parameters=[
            *PROTOCOL_PARAMETERS,
            RETRY_AFTER,
        ],
        responses=_list_responses(serializers.ProtocolSerializer),
    ),
    retrieve=extend_schema(
        summary="One public protocol",
        responses={200: serializers.ProtocolSerializer, **COMMON},
        parameters=[RETRY_AFTER],
    ),
)
class ProtocolViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ProtocolSerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        # Public protocols out of preparation even for a logged-in member: the API is anonymous.
        return (
            protocol_rules.public(Protocol.objects.all())
            .select_related("territory")
            .prefetch_related(
                Prefetch(
                    "signatories",
                    queryset=Signatory.objects.select_related("organisation__sector"),
                ),
                Prefetch(
                    "steps",
                    queryset=Step.objects.select_related(
                        "responsible_organisation", "responsible_sector"
                    ),
                ),
                Prefetch(
                    "practices",
                    queryset=Practice.objects.published().only("slug").order_by("slug"),
                ),
                # The protocol revised and the revisions, only when public (else null, absent).
                Prefetch(
                    "supersedes",
                    queryset=protocol_rules.public(Protocol.objects.all()).only("slug"),
                ),
                Prefetch(
                    "revisions",
                    queryset=protocol_rules.public(Protocol.objects.all())
                    .only("slug", "supersedes_id")
                    .order_by("slug"),
                ),
            )
            .order_by("territory__name", "title", "pk")
        )

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return ProtocolFilter(self.request.query_params or None, queryset=queryset).qs


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"])
def not_found(request, *args, **kwargs):
    """Any other path under the API: a JSON 404."""
    raise NotFound()
