"""HTML of the catalogue's two long lists, the practice cards and the facet values, built in
Python rather than with the template engine.

A catalogue page shows 20 cards and up to ~150 facet links: with ``{% include %}`` and
``{% blocktranslate %}`` per item they took about half of the page's time (see
bench/README.md). The markup is the same as a template would give; every text is escaped
here, and every interface string goes through gettext as in the templates.
"""

import re
from html import escape as _escape

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, ngettext
from modeltranslation.utils import resolution_order

from stakeholders.fallbacks import fallback_language, fallback_note, lang_attribute


def escape(value) -> str:
    """What ``django.utils.html.escape`` gives (the same ``html.escape``), without its lazy
    wrapper: it is called ~20 times per card."""
    return _escape(str(value))


def translated(values, name: str, languages) -> str:
    """A translated field as the model gives it (modeltranslation's fallback order: the
    first of ``languages`` with a value), read from a model instance or a ``values()``
    row without the descriptor's cost."""
    get = values.get if isinstance(values, dict) else values.__dict__.get
    for language in languages:
        value = get(f"{name}_{language}")
        if value is not None and value != "":
            return value
    return ""


SLUG = re.compile(r"[-a-zA-Z0-9_]+")
PLACEHOLDER = "slug-placeholder"


class PracticeAddresses:
    """The path of each practice page, with one ``reverse()`` for all of them (a slug of
    letters, digits, hyphens and underscores needs no quoting)."""

    def __init__(self):
        self.pattern = reverse("practices:detail", kwargs={"slug": PLACEHOLDER})

    def __call__(self, slug: str) -> str:
        if SLUG.fullmatch(slug):
            return self.pattern.replace(PLACEHOLDER, slug)
        return reverse("practices:detail", kwargs={"slug": slug})


CARD = (
    '<li class="card practice-card">\n'
    '  <h3><a href="{url}"{title_lang}>{title}</a></h3>\n'
    "  {text}{note}\n"
    '  <ul class="badges" aria-label="{sectors_label}">\n'
    "    {badges}\n"
    "  </ul>\n"
    '  <p class="meta">\n'
    "    <span>{territory}</span>\n"
    '    <span class="evidence evidence-{evidence}">{evidence_label}</span>\n'
    "    {since}\n"
    "  </p>{compare}\n"
    "</li>"
)
# A card's checkbox for the comparison form of the catalogue page (``id="compare-form"``).
COMPARE = (
    '\n  <label class="compare-pick"><input type="checkbox" name="p" value="{slug}" '
    'form="compare-form"> {label}<span class="visually-hidden"> – {title}</span></label>'
)
BADGE = '<li><span class="badge sector-{code}">{name}</span></li>'


def practice_cards(practices, compare=False) -> SafeString:
    """The cards of these practices: each with its sectors prefetched (or given as
    ``card_sectors``) and, when searching, an ``excerpt``, safe HTML with the matches
    marked. With ``compare``, each has a checkbox to choose it for the comparison."""
    sectors_label = escape(gettext("Sectors involved"))
    compare_label = escape(gettext("Compare"))
    language = get_language()
    languages = resolution_order(language)
    address = PracticeAddresses()
    # An evidence level's label is the same on every card that shows it.
    evidence_labels = {}
    cards = []
    for practice in practices:
        excerpt = getattr(practice, "excerpt", None)
        summary = translated(practice, "summary", languages)
        # Text shown in the other language says so (lang, and a short note).
        title_lang = fallback_language(practice, "title", languages)
        summary_lang = fallback_language(practice, "summary", languages)
        if excerpt:
            text = f'<p class="excerpt">{conditional_escape(excerpt)}</p>'
        elif summary:
            shown = escape(Truncator(summary).words(35, truncate=" …"))
            text = f"<p{lang_attribute(summary_lang)}>{shown}</p>"
        else:
            text = ""
            summary_lang = ""
        sectors = getattr(practice, "card_sectors", None)
        if sectors is None:
            sectors = practice.sectors.all()
        title = escape(translated(practice, "title", languages))
        year = practice.year_started
        since = escape(gettext("since %(year)s") % {"year": year}) if year else ""
        cards.append(
            CARD.format(
                url=escape(address(practice.slug)),
                title=title,
                title_lang=lang_attribute(title_lang),
                text=text,
                note=fallback_note(title_lang or summary_lang),
                sectors_label=sectors_label,
                badges="".join(
                    BADGE.format(code=escape(s.code), name=escape(s.name)) for s in sectors
                ),
                territory=territory_label(practice.territory, language),
                evidence=escape(practice.evidence),
                evidence_label=evidence_labels.get(practice.evidence)
                or evidence_labels.setdefault(
                    practice.evidence, escape(practice.get_evidence_display())
                ),
                since=f"<span>{since}</span>" if since else "",
                compare=COMPARE.format(
                    slug=escape(practice.slug),
                    label=compare_label,
                    title=title,
                )
                if compare
                else "",
            )
        )
    return SafeString("\n".join(cards))


# Territories' names as cards show them, by (language, name, country): a few hundred.
_TERRITORY_LABELS: dict[tuple, str] = {}
TERRITORY_LABELS_KEPT = 4096


def territory_label(territory, language: str) -> str:
    """The territory as cards show it (its name and its country's, in ``language``),
    escaped: kept by what it is made of, so a renamed territory is shown anew."""
    key = (language, territory.name, territory.country.code)
    label = _TERRITORY_LABELS.get(key)
    if label is None:
        if len(_TERRITORY_LABELS) >= TERRITORY_LABELS_KEPT:
            _TERRITORY_LABELS.clear()
        label = _TERRITORY_LABELS[key] = escape(territory)
    return label


ITEM = (
    '<li><a href="{url}"{chosen} rel="nofollow">'
    '<span class="facet-label">{swatch}{label}</span>'
    '<span class="facet-count">{count}</span></a></li>'
)


def facet_items(facet) -> SafeString:
    """The links of one facet's values that have practices or are chosen (the facet as
    ``PracticeListView.facets`` gives it)."""
    chosen_text = None
    counts: dict[int, str] = {}
    is_sector = facet["name"] == "sector"
    items = []
    for item in facet["items"]:
        n, chosen = item["count"], item["chosen"]
        if not (n or chosen):
            continue
        if chosen:
            if chosen_text is None:
                spoken = gettext("chosen, select to remove")
                chosen_text = f'<span class="visually-hidden">{escape(spoken)}</span>✓'
            count = chosen_text
        else:
            count = counts.get(n)
            if count is None:
                spoken = ngettext("%(counter)s practice", "%(counter)s practices", n) % {
                    "counter": n
                }
                count = counts[n] = (
                    f'<span aria-hidden="true">{n}</span>'
                    f'<span class="visually-hidden">{escape(spoken)}</span>'
                )
        swatch = (
            f'<span class="swatch sector-{escape(item["value"])}" aria-hidden="true"></span>'
            if is_sector
            else ""
        )
        items.append(
            ITEM.format(
                url=escape(item["url"]),
                chosen=' aria-current="true" class="chosen"' if chosen else "",
                swatch=swatch,
                label=escape(item["label"]),
                count=count,
            )
        )
    return SafeString("\n".join(items))
