"""Two to four published practices side by side: what the comparison page shows, read from
its address (``?p=<slug>&p=<slug>…``) so that a comparison can be shared, bookmarked and
printed, and chosen without JavaScript (checkboxes on the catalogue's cards, a search on
the comparison page)."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from .index import current_index
from .models import Partner, Practice
from .templatetags.practices import language_names

MIN, MAX = 2, 4
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# Addresses with more slugs than this are not read any further (bounded work).
READ_AT_MOST = 10
SLUG_LENGTH = Practice._meta.get_field("slug").max_length
# Practices found by the "add a practice" search on the comparison page.
FOUND_AT_MOST = 8


@dataclass
class Row:
    """One aspect of the practices compared (a row of the table): a label and, for each
    practice, its value: a list of short texts, or one text (``is_list`` False)."""

    label: str
    cells: list

    @property
    def is_list(self) -> bool:
        return any(isinstance(cell, list) for cell in self.cells)


@dataclass
class Comparison:
    """The practices chosen in the address (published ones, in the order given) and what
    was wrong with the address, as messages."""

    practices: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return len(self.practices) >= MIN

    @property
    def full(self) -> bool:
        return len(self.practices) >= MAX

    def url(self, slugs) -> str:
        query = urlencode([("p", slug) for slug in slugs])
        return reverse("practices:compare") + (f"?{query}" if query else "")

    def without(self, practice) -> str:
        """The address of this comparison without ``practice``."""
        return self.url(p.slug for p in self.practices if p.pk != practice.pk)

    def adding(self, practice) -> str:
        """The address of this comparison with ``practice`` added."""
        return self.url([*(p.slug for p in self.practices), practice.slug])

    def rows(self) -> list[Row]:
        """The aspects compared, each with the value of every practice."""
        practices = self.practices
        evidence = dict(Practice.Evidence.choices)

        def each(value):
            return [value(p) for p in practices]

        def partners(practice, roles):
            return [
                f"{partner.organisation.name} ({partner.organisation.get_kind_display()})"
                for partner in practice.partner_set.all()
                if partner.role in roles
            ]

        def years(practice):
            if practice.year_started and practice.year_ended:
                return f"{practice.year_started}–{practice.year_ended}"
            if practice.year_started:
                return _("since %(year)s") % {"year": practice.year_started}
            return ""

        def assessment(practice):
            if not practice.evidence_rationale:
                return ""
            if practice.evidence_assessed_at is None:
                return practice.evidence_rationale
            return _("%(date)s: %(why)s") % {
                "date": date_format(localtime(practice.evidence_assessed_at)),
                "why": practice.evidence_rationale,
            }

        yes, no = _("Yes"), _("No")
        return [
            Row(_("Summary"), each(lambda p: p.summary)),
            Row(_("Territory"), each(lambda p: str(p.territory))),
            Row(_("Sectors involved"), each(lambda p: [s.name for s in p.sector_list])),
            Row(_("Lead organisation"), each(lambda p: partners(p, [Partner.Role.LEAD]))),
            Row(_("Partner organisations"), each(lambda p: partners(p, [Partner.Role.PARTNER]))),
            Row(_("Funders"), each(lambda p: partners(p, [Partner.Role.FUNDER]))),
            Row(
                _("Public institutions with civil society"),
                each(lambda p: yes if p.joins_public_and_civil_society else no),
            ),
            Row(_("Target groups"), each(lambda p: [t.name for t in p.target_group_list])),
            Row(_("Themes"), each(lambda p: [t.name for t in p.theme_list])),
            Row(_("Evidence level"), each(lambda p: str(evidence.get(p.evidence, p.evidence)))),
            Row(_("Why this evidence level"), each(assessment)),
            Row(_("References"), each(lambda p: [r.citation for r in p.references.all()])),
            Row(_("Resources"), each(lambda p: p.resources)),
            Row(_("Staffing"), each(lambda p: p.staffing)),
            Row(_("Training"), each(lambda p: p.training)),
            Row(_("Yearly cost"), each(lambda p: p.get_cost_range_display())),
            Row(_("Duration"), each(lambda p: p.duration)),
            Row(_("Transferability"), each(lambda p: p.transferability)),
            Row(
                _("Convention articles addressed"),
                each(lambda p: [str(a) for a in p.article_list]),
            ),
            Row(_("Years"), each(years)),
            Row(_("Languages"), each(lambda p: language_names(p.languages))),
            Row(_("Child participation"), each(lambda p: p.child_participation)),
            Row(
                _("Sources and further reading"),
                each(lambda p: [link.title for link in p.links.all()]),
            ),
        ]


def _slugs(params) -> tuple[list[str], list[str]]:
    """The distinct slugs asked for, in order, and the problems with the others."""
    slugs, problems = [], []
    values = params.getlist("p")[:READ_AT_MOST]
    for value in values:
        value = value.strip()
        if not value:
            continue
        if len(value) > SLUG_LENGTH or "\x00" in value:
            problems.append(_("An address of a practice is not valid."))
        elif value not in slugs:
            slugs.append(value)
    if len(params.getlist("p")) > READ_AT_MOST:
        problems.append(_("Only the first practices of the address were read."))
    return slugs, problems


def comparison_from(params) -> Comparison:
    """The comparison asked for by the GET parameters; unknown, unpublished and extra
    practices are reported, never an error page."""
    slugs, problems = _slugs(params)
    found = {
        p.slug: p
        for p in Practice.objects.published()
        .filter(slug__in=slugs)
        .select_related("territory")
        .prefetch_related(
            "links",
            "references",
            Prefetch("partner_set", queryset=Partner.objects.select_related("organisation")),
        )
    }
    practices = [found[slug] for slug in slugs if slug in found]
    # Named back only if they look like addresses of practices: the page does not repeat
    # whatever text an address holds.
    missing = [slug for slug in slugs if slug not in found and SLUG.fullmatch(slug)][:MAX]
    if len(practices) + len(missing) < len(slugs):
        problems.append(_("An address of a practice is not valid."))
    if missing:
        problems.append(
            _("These practices were not found among the published practices: %(slugs)s.")
            % {"slugs": ", ".join(missing)}
        )
    if len(practices) > MAX:
        problems.append(
            _("At most %(max)s practices can be compared: the first %(max)s are shown.")
            % {"max": MAX}
        )
        practices = practices[:MAX]
    current_index().prime_relations(practices)
    return Comparison(practices=practices, problems=problems)


def candidates(comparison: Comparison, words: str) -> list:
    """Published practices whose title or summary contains ``words`` (at most a few), to
    add to the comparison."""
    from .filters import Catalogue

    words = words.strip()[:200]
    if not words or comparison.full:
        return []
    chosen = {p.pk for p in comparison.practices}
    queryset = (
        Practice.objects.published()
        .select_related("territory")
        .only("slug", "title_fr", "title_en", "territory__name", "territory__country")
    )
    params = QueryDict(mutable=True)
    params["q"] = words
    results = Catalogue(params, queryset).results
    return [p for p in results[: FOUND_AT_MOST + len(chosen)] if p.pk not in chosen][:FOUND_AT_MOST]
