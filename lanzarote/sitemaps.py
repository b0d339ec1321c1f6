"""sitemap.xml: public pages, published practices and organisations, in both languages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from practices.models import Practice
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
    "groups": GroupSitemap,
    "territories": TerritorySitemap,
}
