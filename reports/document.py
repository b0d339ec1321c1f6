"""A working group's yearly report as one set of figures (reports.figures), rendered as a
web page or as an A4 PDF through WeasyPrint (the approach of meetings.certificates: DejaVu
fonts, the style inlined, nothing fetched from anywhere)."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from meetings.certificates import refuse_fetch
from practices import cache as catalogue_cache
from stakeholders.models import WorkingGroup

from . import figures, network_map

FULL = "full"
PUBLIC = "public"
# The report's print style, inlined into the PDF's HTML (WeasyPrint fetches nothing).
STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "report-print.css"
PDF_TEMPLATE = "reports/report_pdf.html"
BODY_TEMPLATE = "reports/_report.html"
# The most public reports a process keeps computed per state (sections, page, PDF key).
REPORTS_KEPT = 64
# How long a public version's PDF is kept in the shared cache (its key is its content).
PDF_CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Report:
    group: WorkingGroup
    year: int
    version: str = FULL

    @property
    def public(self) -> bool:
        return self.version == PUBLIC

    @property
    def filename(self) -> str:
        suffix = "-public" if self.public else ""
        return f"lanzarote-{self.group.slug}-{self.year}{suffix}.pdf"

    def _kept(self, family: str, build):
        """``build()``, for the public version computed once per state of the catalogue
        and of the network's activity (practices.cache: the triggers of the directory, the
        catalogue, the meetings, the suggestions, the protocols and the reports tell every
        process when they change), language, day and time zone (overdue items and quarters
        are today's), for the ``REPORTS_KEPT`` reports used last. The full version, which
        names people, is computed each time."""
        if not self.public:
            return build()
        key = (self.group.pk, self.year, *catalogue_cache.page_day())
        return catalogue_cache.memoize_kept(family, key, build, limit=REPORTS_KEPT, activity=True)

    def sections(self) -> dict:
        """Every section's figures: the same for the page and the PDF."""
        group, year, public = self.group, self.year, self.public
        return self._kept(
            "report-sections",
            lambda: {
                "organisations": figures.organisations(group, public=public),
                "meetings": figures.meetings(group, year, public=public),
                "decisions": figures.decisions(group, year, public=public),
                "actions": figures.actions(group, year, public=public),
                "practices": figures.practices(group, year, public=public),
                "protocols": figures.protocols(group, public=public),
                "network_map": network_map.render(network_map.country_figures(), small=True),
            },
        )

    def body(self) -> str:
        """The report's sections as HTML (``reports/_report.html``), for its page."""
        return self._kept(
            "report-body",
            lambda: mark_safe(render_to_string(BODY_TEMPLATE, self.context())),  # noqa: S308 - a template's output
        )

    def context(self) -> dict:
        return {
            "group": self.group,
            "year": self.year,
            "version": self.version,
            "public": self.public,
            "generated_at": timezone.now(),
            **self.sections(),
        }

    def _pdf_context(self) -> dict:
        return {
            **self.context(),
            "language": translation.get_language(),
            "inline_css": STYLESHEET.read_text(encoding="utf-8"),
        }

    def html(self) -> str:
        """The standalone page the PDF is made from, its style inlined."""
        return render_to_string(PDF_TEMPLATE, self._pdf_context())

    def pdf(self, html: str | None = None) -> bytes:
        """The report as an A4 PDF in the current language."""
        import weasyprint  # imported on use: its libraries are loaded once a PDF is asked

        document = weasyprint.HTML(string=html or self.html(), url_fetcher=refuse_fetch)
        return document.write_pdf()

    def pdf_for_download(self) -> bytes:
        """The PDF; the public version's is kept in the shared cache under the digest of the
        report's own content (the group, the year, the language and every figure of its
        sections: any change gives another key, no invalidation to forget). The map of the
        whole network and the drawing date are left out of the key: a practice published
        anywhere, or a new day, does not draw every report again (a kept PDF shows the map
        and the date of its drawing). The digest itself is computed once per state
        (``_kept``). The full version, which names people, is never cached."""
        if not self.public:
            return self.pdf()

        def own_digest():
            context = {**self._pdf_context(), "network_map": "", "generated_at": None}
            return hashlib.sha256(render_to_string(PDF_TEMPLATE, context).encode()).hexdigest()

        # The digest is computed once per state, as the sections (``_kept``).
        key = "reports:pdf:" + self._kept("report-pdf-key", own_digest)
        pdf = cache.get(key)
        if pdf is None:
            pdf = self.pdf()
            cache.set(key, pdf, PDF_CACHE_SECONDS)
        return pdf
