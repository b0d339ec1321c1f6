from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stakeholders.models import WorkingGroup


class YearlyReportPublication(models.Model):
    """A working group's choice to show the public version of its report for one year."""

    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        related_name="report_publications",
        verbose_name=_("working group"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_publications",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("published yearly report")
        verbose_name_plural = _("published yearly reports")
        ordering = ["group", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "year"],
                name="report_publication_once_per_year",
                violation_error_message=_("This report is already published."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1900) & Q(year__lte=9999),
                name="report_publication_year_range",
                violation_error_message=_("Give a year between 1900 and 9999."),
            ),
        ]

    def __str__(self):
        return f"{self.group} – {self.year}"

    def get_absolute_url(self):
        return reverse("reports:detail", kwargs={"slug": self.group.slug, "year": self.year})
