"""Seed the themes, target groups and Lanzarote Convention articles, in French and English."""

from django.db import migrations

THEMES = [
    ("prevention", "Prévention et sensibilisation", "Prevention and awareness"),
    ("identification", "Repérage et signalement", "Identification and reporting"),
    ("child-friendly-justice", "Audition et justice adaptées à l'enfant",
     "Child-friendly hearing and justice"),
    ("medical-forensic", "Soins médicaux et médico-légaux", "Medical and forensic care"),
    ("support", "Accompagnement thérapeutique et social", "Therapeutic and social support"),
    ("harmful-behaviour", "Enfants ayant des comportements sexuels problématiques",
     "Children with harmful sexual behaviour"),
    ("training", "Formation des professionnels", "Training of professionals"),
    ("coordination", "Protocole de coordination", "Coordination protocol"),
    ("data-research", "Données et recherche", "Data and research"),
]

TARGET_GROUPS = [
    ("children", "Enfants", "Children"),
    ("adolescents", "Adolescents", "Adolescents"),
    ("child-victims", "Enfants victimes", "Child victims"),
    ("parents", "Parents et familles", "Parents and families"),
    ("professionals", "Professionnels", "Professionals"),
    ("general-public", "Grand public", "General public"),
    ("offenders", "Auteurs ou personnes à risque", "Offenders and people at risk of offending"),
]

ARTICLES = [
    (5, "Recrutement, formation et sensibilisation des personnes travaillant avec des enfants",
     "Recruitment, training and awareness of persons working with children"),
    (6, "Éducation des enfants", "Education for children"),
    (7, "Programmes ou mesures d'intervention préventive",
     "Preventive intervention programmes or measures"),
    (8, "Mesures à l'égard du grand public", "Measures for the general public"),
    (9, "Participation des enfants, du secteur privé, des médias et de la société civile",
     "Participation of children, the private sector, the media and civil society"),
    (10, "Mesures nationales de coordination et de collaboration",
     "National measures of co-ordination and collaboration"),
    (12, "Signalement des soupçons d'exploitation ou d'abus sexuels",
     "Reporting suspicion of sexual exploitation or sexual abuse"),
    (13, "Services d'assistance", "Helplines"),
    (14, "Assistance aux victimes", "Assistance to victims"),
    (31, "Mesures générales de protection", "General measures of protection"),
    (35, "Auditions de l'enfant", "Interviews with the child"),
    (36, "Procédure judiciaire pénale", "Criminal court proceedings"),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("practices", "Theme")
    TargetGroup = apps.get_model("practices", "TargetGroup")
    ConventionArticle = apps.get_model("practices", "ConventionArticle")
    for position, (code, fr, en) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            code=code, defaults={"position": position, "name": fr, "name_fr": fr, "name_en": en}
        )
    for position, (code, fr, en) in enumerate(TARGET_GROUPS, start=1):
        TargetGroup.objects.update_or_create(
            code=code, defaults={"position": position, "name": fr, "name_fr": fr, "name_en": en}
        )
    for number, fr, en in ARTICLES:
        ConventionArticle.objects.update_or_create(
            number=number, defaults={"title": fr, "title_fr": fr, "title_en": en}
        )


def unseed(apps, schema_editor):
    apps.get_model("practices", "Theme").objects.filter(code__in=[t[0] for t in THEMES]).delete()
    apps.get_model("practices", "TargetGroup").objects.filter(
        code__in=[t[0] for t in TARGET_GROUPS]
    ).delete()
    apps.get_model("practices", "ConventionArticle").objects.filter(
        number__in=[a[0] for a in ARTICLES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
