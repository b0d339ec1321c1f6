"""Who added an organisation to a working group, and when: the automatic table of the
many-to-many link becomes a model of its own (same table, same columns, no data copied),
with two new columns. Links made before this migration are dated by it; their order (by
id) still tells which group listed an organisation first."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0006_user_language"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="GroupOrganisation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "group",
                            models.ForeignKey(
                                db_column="workinggroup_id",
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="organisation_links",
                                to="stakeholders.workinggroup",
                                verbose_name="working group",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="group_links",
                                to="stakeholders.organisation",
                                verbose_name="organisation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "organisation of a working group",
                        "verbose_name_plural": "organisations of working groups",
                        "db_table": "stakeholders_workinggroup_organisations",
                        "unique_together": {("group", "organisation")},
                    },
                ),
                migrations.AlterField(
                    model_name="workinggroup",
                    name="organisations",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text="The organisations that take part in the group.",
                        related_name="working_groups",
                        through="stakeholders.GroupOrganisation",
                        to="stakeholders.organisation",
                        verbose_name="organisations",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="grouporganisation",
            name="added_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="added"),
        ),
        migrations.AddField(
            model_name="grouporganisation",
            name="added_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="added by",
            ),
        ),
    ]
