"""Seed the seven sectors of art. 10 of the Lanzarote Convention, in French and English."""

from django.db import migrations

SECTORS = [
    (
        "justice", 1, "Justice", "Justice",
        "Parquets, juges des enfants et juridictions pénales.",
        "Prosecutors, juvenile judges and criminal courts.",
    ),
    (
        "police", 2, "Police et gendarmerie", "Law enforcement",
        "Unités de police et de gendarmerie chargées des mineurs victimes.",
        "Police and gendarmerie units that work with child victims.",
    ),
    (
        "medico-legal", 3, "Santé et médecine légale", "Medico-legal and health",
        "Unités médico-judiciaires, hôpitaux, pédiatres et soins psychiques.",
        "Forensic medical units, hospitals, paediatricians and mental-health care.",
    ),
    (
        "child-welfare", 4, "Protection de l'enfance", "Child welfare and social services",
        "Aide sociale à l'enfance, cellules de recueil des informations préoccupantes, "
        "services sociaux.",
        "Child welfare services, child-protection referral units and social services.",
    ),
    (
        "education", 5, "Éducation", "Education",
        "Écoles, médecins, infirmiers et assistants sociaux scolaires.",
        "Schools, and the doctors, nurses and social workers who work in them.",
    ),
    (
        "ngo", 6, "Associations et société civile", "NGOs and civil society",
        "Associations de protection de l'enfance, d'aide aux victimes et de prévention.",
        "Child-protection, victim-support and prevention organisations.",
    ),
    (
        "private", 7, "Secteur privé", "Private sector",
        "Entreprises, notamment du numérique, du tourisme et des médias.",
        "Businesses, notably in technology, travel and the media.",
    ),
]


def seed(apps, schema_editor):
    Sector = apps.get_model("stakeholders", "Sector")
    for code, position, name_fr, name_en, description_fr, description_en in SECTORS:
        Sector.objects.update_or_create(
            code=code,
            defaults={
                "position": position,
                "name": name_fr,
                "name_fr": name_fr,
                "name_en": name_en,
                "description": description_fr,
                "description_fr": description_fr,
                "description_en": description_en,
            },
        )


def unseed(apps, schema_editor):
    Sector = apps.get_model("stakeholders", "Sector")
    Sector.objects.filter(code__in=[row[0] for row in SECTORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
