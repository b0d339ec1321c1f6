"""sitemap.xml: public pages, published practices and organisations, in both languages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from practices.models import Practice
from protocols import rules as protocol_rules
from protocols.models import Protocol
from stakeholders.models import Organisation, Territory, WorkingGroup


class StaticPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "about",
            "privacy",
            "contact",
            "insight",
            "practices:list",
            "stakeholders:organisation_list",
            "stakeholders:group_list",
            "territories:list",
            "meetings:list",
            "protocols:list",
        ]

    def location(self, item):
        return reverse(item)


class PracticeSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "monthly"
    limit = 2000

    def items(self):
        return Practice.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, practice):
        return practice.updated_at


class OrganisationSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "monthly"
    limit = 2000

    def items(self):
        return Organisation.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, organisation):
        return organisation.updated_at


class ProtocolSitemap(Sitemap):
    """Public protocols out of preparation (never the members-only ones)."""

    i18n = True
    alternates = True
    changefreq = "monthly"
    limit = 2000

    def items(self):
        return protocol_rules.public(Protocol.objects.order_by("pk").only("slug", "updated_at"))

    def lastmod(self, protocol):
        return protocol.updated_at


class GroupSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "monthly"

    def items(self):
        return WorkingGroup.objects.order_by("pk").only("slug")


class TerritorySitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "monthly"

    def items(self):
        return Territory.objects.order_by("pk").only("slug")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "practices": PracticeSitemap,
    "organisations": OrganisationSitemap,
    "protocols": ProtocolSitemap,
    "groups": GroupSitemap,
    "territories": TerritorySitemap,
}
