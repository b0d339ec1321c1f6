"""Fill a PostgreSQL database with a Europe-wide catalogue for the benchmark.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lanzarote_bench \
        .venv/bin/python bench/fill.py --practices 100000 --organisations 5000 --seed 7

The database must be migrated and hold no practice yet. Everything is generated from
the vocabularies below (real child-protection words, in French and English), with a
seeded random generator: two runs with the same seed give the same rows. Rows go in
with COPY; the search trigger (migrations practices 0005 and 0007) fills
``practices_practicesearch`` as they arrive, and the catalogue triggers write their change
log, pruned at the end (the portal's workers start from a full build). Nothing is
fetched from the network.

The text is built so that the benchmark's searches have known sizes:
- ``audition`` (French) and ``interview`` (English) occur in COMMON_SHARE of the
  practices (the same ones: the English text is the translation of the French);
- ``Barnahus`` occurs in RARE_SHARE of them; the demo glossary
  (lanzarote/demo_glossary.py) is loaded, so a search for it also searches its
  equivalents (UAPED, Child Advocacy Centre…).
The two facets the benchmark uses (sectors ``police`` and ``justice``) are weighted so
that about 10 % of the practices involve both (the CSV export of a filter of ~10,000
rows).
"""

import argparse
import datetime
import json
import os
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanzarote.settings")

COMMON_SHARE = 0.25
RARE_SHARE = 0.0005

# ------------------------------------------------------------------ vocabularies (FR, EN)

# (French, English, plural?) so that the verbs agree.
SUBJECTS = [
    ("les enquêteurs spécialisés", "specialised investigators", True),
    ("le parquet des mineurs", "the juvenile prosecutor's office", False),
    ("les travailleurs sociaux", "social workers", True),
    ("l'unité médico-judiciaire pédiatrique", "the paediatric forensic medical unit", False),
    ("les enseignants", "teachers", True),
    ("les associations d'aide aux victimes", "victim-support organisations", True),
    ("les pédiatres", "paediatricians", True),
    ("les psychologues", "psychologists", True),
    ("la brigade de protection des mineurs", "the child protection police unit", False),
    ("les infirmiers scolaires", "school nurses", True),
    ("les éducateurs spécialisés", "specialised youth workers", True),
    ("les plateformes numériques", "online platforms", True),
    ("le juge des enfants", "the juvenile judge", False),
    ("la cellule de recueil des informations préoccupantes",
     "the child-protection referral unit", False),
    ("les médecins légistes", "forensic doctors", True),
    ("les administrateurs ad hoc", "the children's guardians ad litem", True),
    ("les gendarmes référents", "the gendarmerie liaison officers", True),
    ("le service de pédopsychiatrie", "the child and adolescent mental-health service", False),
    ("les conseillers principaux d'éducation", "school welfare officers", True),
    ("les avocats des enfants", "children's lawyers", True),
    ("les bénévoles formés", "trained volunteers", True),
    ("la ligne d'écoute", "the helpline", False),
]  # fmt: skip

# (French singular, French plural, English singular, English plural)
VERBS = [
    ("coordonne", "coordonnent", "coordinates", "coordinate"),
    ("accompagne", "accompagnent", "supports", "support"),
    ("repère", "repèrent", "identifies", "identify"),
    ("forme", "forment", "trains", "train"),
    ("oriente", "orientent", "refers", "refer"),
    ("protège", "protègent", "protects", "protect"),
    ("évalue", "évaluent", "assesses", "assess"),
    ("informe", "informent", "informs", "inform"),
    ("sensibilise", "sensibilisent", "raises the awareness of", "raise the awareness of"),
    ("écoute", "écoutent", "listens to", "listen to"),
    ("soigne", "soignent", "cares for", "care for"),
    ("suit", "suivent", "follows up", "follow up"),
    ("prépare", "préparent", "prepares", "prepare"),
    ("met en relation", "mettent en relation", "brings together", "bring together"),
    ("conseille", "conseillent", "advises", "advise"),
]

OBJECTS = [
    ("les enfants victimes", "child victims"),
    ("les familles", "families"),
    ("les adolescents", "adolescents"),
    ("les professionnels de première ligne", "front-line professionals"),
    ("les situations de danger", "situations of danger"),
    ("les jeunes enfants", "young children"),
    ("les parents protecteurs", "protective parents"),
    ("les mineurs non accompagnés", "unaccompanied minors"),
    ("les enfants en situation de handicap", "children with disabilities"),
    ("les élèves", "pupils"),
    ("les personnes à risque de passage à l'acte", "people at risk of offending"),
    ("les frères et sœurs", "siblings"),
    ("les enfants placés", "children in care"),
    ("les témoins", "witnesses"),
]

COMPLEMENTS = [
    ("dans un lieu unique adapté à l'enfant", "in a single child-friendly place"),
    ("dès le premier signalement", "from the first report"),
    ("avec l'accord des parents", "with the parents' consent"),
    ("en lien étroit avec le parquet", "in close contact with the prosecutor"),
    ("grâce à un protocole partagé", "through a shared protocol"),
    ("sans multiplier les démarches", "without repeating the procedures"),
    ("tout au long de la procédure pénale", "throughout the criminal proceedings"),
    ("selon une grille d'évaluation commune", "with a common assessment grid"),
    ("à l'hôpital comme à l'école", "at hospital as well as at school"),
    ("dans les quarante-huit heures", "within forty-eight hours"),
    ("avec un interprète si nécessaire", "with an interpreter when needed"),
    ("en respectant la parole de l'enfant", "respecting what the child says"),
    ("au sein d'une équipe pluridisciplinaire", "within a multidisciplinary team"),
    ("lors de réunions mensuelles de synthèse", "at monthly case meetings"),
    ("par un accueil téléphonique gratuit", "through a free telephone line"),
    ("en ligne comme hors ligne", "online as well as offline"),
    ("avec une attention particulière au consentement", "with particular care for consent"),
    ("sur l'ensemble du territoire", "across the whole territory"),
]

OPENINGS = [
    ("Depuis sa création,", "Since it began,"),
    ("Concrètement,", "In practice,"),
    ("Chaque année,", "Every year,"),
    ("En pratique,", "Day to day,"),
    ("Dans ce dispositif,", "In this scheme,"),
    ("Avec l'appui des partenaires,", "With the partners' support,"),
    ("Au quotidien,", "On a daily basis,"),
]

FACTS = [
    (
        "Le protocole précise qui informe qui, dans quel délai et par quel canal.",
        "The protocol sets out who informs whom, how quickly and through which channel.",
    ),
    (
        "Une évaluation externe a mesuré la baisse du délai entre la révélation et la prise "
        "en charge.",
        "An external evaluation measured the shorter delay between disclosure and care.",
    ),
    (
        "Les professionnels suivent une formation commune sur le développement de l'enfant "
        "et les mécanismes de l'emprise.",
        "Professionals follow joint training on child development and grooming dynamics.",
    ),
    (
        "Un comité de pilotage réunit deux fois par an les responsables des institutions "
        "signataires.",
        "A steering committee brings together the heads of the signatory institutions "
        "twice a year.",
    ),
    (
        "Les données anonymisées alimentent un observatoire départemental de la protection "
        "de l'enfance.",
        "Anonymised data feed a regional child-protection observatory.",
    ),
    (
        "Les enfants et les adolescents ont été consultés sur l'aménagement des locaux.",
        "Children and adolescents were consulted on how the premises are arranged.",
    ),
    (
        "La prévention des violences sexuelles est abordée en classe dès l'école primaire.",
        "Preventing sexual violence is discussed in class from primary school onwards.",
    ),
    (
        "Le signalement est transmis au procureur de la République le jour même.",
        "The report is sent to the public prosecutor on the same day.",
    ),
    (
        "Les victimes bénéficient d'un suivi psychologique gratuit et sans limite de durée.",
        "Victims receive free psychological support for as long as they need it.",
    ),
    (
        "Une ligne d'écoute anonyme répond aux enfants, aux parents et aux témoins.",
        "An anonymous helpline answers children, parents and witnesses.",
    ),
]

# The benchmark's common word: "audition" (French), "interview" (English).
COMMON_FACTS = [
    (
        "L'audition filmée de l'enfant a lieu une seule fois, dans une salle adaptée.",
        "The child's recorded interview takes place only once, in a suitable room.",
    ),
    (
        "Un enquêteur formé conduit l'audition selon un protocole validé.",
        "A trained investigator conducts the interview following a validated protocol.",
    ),
    (
        "Le juge et l'avocat suivent l'audition depuis une pièce voisine.",
        "The judge and the lawyer follow the interview from a neighbouring room.",
    ),
]
# The benchmark's rare word.
RARE_FACTS = [
    (
        "Le dispositif s'inspire du modèle islandais Barnahus.",
        "The scheme follows the Icelandic Barnahus model.",
    ),
]

TITLE_HEADS = [
    ("Protocole de coordination", "Coordination protocol"),
    ("Unité d'accueil pédiatrique", "Paediatric reception unit"),
    ("Programme de prévention", "Prevention programme"),
    ("Ligne d'écoute", "Helpline"),
    ("Formation pluridisciplinaire", "Multidisciplinary training"),
    ("Cellule de signalement", "Reporting unit"),
    ("Maison de l'enfant", "Children's house"),
    ("Parcours de soins", "Care pathway"),
    ("Groupe de parole", "Support group"),
    ("Réseau de vigilance", "Vigilance network"),
    ("Observatoire", "Observatory"),
    ("Guide partagé", "Shared guide"),
]

TITLE_TOPICS = [
    ("pour les enfants victimes", "for child victims"),
    ("contre l'exploitation sexuelle en ligne", "against online sexual exploitation"),
    ("à l'école", "at school"),
    ("pour les adolescents", "for adolescents"),
    ("entre police et justice", "between police and justice"),
    ("en milieu hospitalier", "in hospitals"),
    ("pour les familles", "for families"),
    ("des professionnels de l'enfance", "for child-care professionals"),
    ("contre l'inceste", "against incest"),
    ("pour les mineurs auteurs", "for children who harm"),
]

CITIES = {
    "FR": ["Paris", "Lyon", "Marseille", "Lille", "Bordeaux", "Toulouse", "Nantes",
           "Strasbourg", "Rennes", "Montpellier", "Seine-Saint-Denis", "Nice"],
    "BE": ["Bruxelles", "Liège", "Gand", "Anvers", "Namur"],
    "ES": ["Madrid", "Barcelona", "Sevilla", "Valencia", "Bilbao"],
    "IT": ["Roma", "Milano", "Napoli", "Torino", "Bologna"],
    "DE": ["Berlin", "Hamburg", "München", "Köln", "Leipzig"],
    "PT": ["Lisboa", "Porto", "Coimbra"],
    "NL": ["Amsterdam", "Rotterdam", "Utrecht"],
    "GB": ["London", "Manchester", "Glasgow", "Cardiff", "Belfast"],
    "PL": ["Warszawa", "Kraków", "Gdańsk"],
    "SE": ["Stockholm", "Göteborg", "Malmö"],
    "IS": ["Reykjavík"],
    "CH": ["Genève", "Lausanne", "Zürich"],
    "IE": ["Dublin", "Cork"],
    "GR": ["Athína", "Thessaloníki"],
}  # fmt: skip

COUNTRIES = [
    "AL", "AD", "AM", "AT", "AZ", "BE", "BA", "BG", "HR", "CY", "CZ", "DK", "EE", "FI",
    "FR", "GE", "DE", "GR", "HU", "IS", "IE", "IT", "LV", "LI", "LT", "LU", "MT", "MD",
    "MC", "ME", "NL", "MK", "NO", "PL", "PT", "RO", "SM", "RS", "SK", "SI", "ES", "SE",
    "CH", "TR", "UA", "GB",
]  # fmt: skip

# Justice and police are the most frequent sectors: ~10 % of the practices involve both.
SECTOR_WEIGHTS = {
    "justice": 4,
    "police": 3.4,
    "medico-legal": 3,
    "child-welfare": 4,
    "education": 3,
    "ngo": 3.5,
    "private": 1.2,
}
SECTOR_KIND = {
    "justice": "public",
    "police": "public",
    "medico-legal": "public",
    "child-welfare": "public",
    "education": "public",
    "ngo": "civil-society",
    "private": "private",
}
ORG_NAMES = {
    "justice": [("Tribunal judiciaire", "TJ"), ("Parquet des mineurs", "PM"),
                ("Cour d'appel", "CA")],
    "police": [("Brigade de protection des mineurs", "BPM"),
               ("Maison de protection des familles", "MPF"), ("Office des mineurs", "OFMIN")],
    "medico-legal": [("Unité d'accueil pédiatrique enfants en danger", "UAPED"),
                     ("Centre hospitalier universitaire", "CHU"),
                     ("Centre médico-psychologique", "CMP")],
    "child-welfare": [("Aide sociale à l'enfance", "ASE"),
                      ("Cellule de recueil des informations préoccupantes", "CRIP"),
                      ("Service d'action éducative", "SAE")],
    "education": [("Rectorat", "REC"), ("Collège", ""), ("Lycée professionnel", "LP")],
    "ngo": [("Association d'aide aux victimes", "AAV"), ("Enfance et partage", "EP"),
            ("Fondation pour l'enfance", "FPE"), ("Voix de l'enfant", "VDE")],
    "private": [("Plateforme numérique", ""), ("Agence de voyages", ""),
                ("Groupe de presse", "")],
}  # fmt: skip

N_THEMES, N_TARGETS = 9, 7
STATUS_SHARES = [
    ("published", 0.95),
    ("draft", 0.015),
    ("submitted", 0.015),
    ("changes-requested", 0.01),
    ("archived", 0.01),
]


def render_markdown(text: str) -> str:
    from practices.markdown import render_markdown as render

    return render(text)


def slugify(text: str) -> str:
    from django.utils.text import slugify as django_slugify

    return django_slugify(text)


# ------------------------------------------------------------------ text


def sentence(rng: random.Random) -> tuple[str, str]:
    s, v, o, c = (rng.choice(x) for x in (SUBJECTS, VERBS, OBJECTS, COMPLEMENTS))
    verb_fr, verb_en = (v[1], v[3]) if s[2] else (v[0], v[2])
    fr = f"{s[0]} {verb_fr} {o[0]} {c[0]}."
    en = f"{s[1]} {verb_en} {o[1]} {c[1]}."
    if rng.random() < 0.3:
        opening = rng.choice(OPENINGS)
        fr = f"{opening[0]} {fr}"
        en = f"{opening[1]} {en}"
    return fr[0].upper() + fr[1:], en[0].upper() + en[1:]


def description(rng: random.Random, *, common: bool, rare: bool) -> tuple[str, str]:
    """About 300 words in Markdown: three paragraphs and a short list, in both languages."""
    fr_parts, en_parts = [], []
    special = []
    if common:
        special.append(rng.choice(COMMON_FACTS))
    if rare:
        special.extend(RARE_FACTS)
    for index in range(3):
        sentences = [sentence(rng) for _ in range(5)]
        sentences.append(rng.choice(FACTS))
        if special and (index == 1 or rng.random() < 0.3):
            sentences.insert(rng.randrange(len(sentences) + 1), special.pop())
        fr_parts.append(" ".join(fr for fr, _en in sentences))
        en_parts.append(" ".join(en for _fr, en in sentences))
        if index == 0:
            fr_parts.append("## Fonctionnement")
            en_parts.append("## How it works")
    for fr, en in special:
        fr_parts.append(fr)
        en_parts.append(en)
    items = rng.sample(FACTS, 3)
    fr_parts.append("\n".join(f"- {fr}" for fr, _en in items))
    en_parts.append("\n".join(f"- {en}" for _fr, en in items))
    return "\n\n".join(fr_parts), "\n\n".join(en_parts)


# ------------------------------------------------------------------ COPY helpers


def copy_rows(cursor, table: str, columns: list[str], rows) -> int:
    n = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def reset_identity(cursor, table: str) -> None:
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
        f"COALESCE((SELECT max(id) FROM {table}), 1))"
    )


# ------------------------------------------------------------------ fill

PRACTICE_COLUMNS = [
    "id", "title", "title_fr", "title_en", "slug",
    "summary", "summary_fr", "summary_en",
    "description", "description_fr", "description_en",
    # The stored HTML of the descriptions, as the portal's saves write it (a page shows it).
    "description_html_fr", "description_html_en",
    "child_participation", "child_participation_fr", "child_participation_en",
    "evidence", "year_started", "year_ended", "languages", "status", "review_note",
    "created_at", "updated_at", "submitted_at", "published_at", "version",
    "group_id", "organisation_id", "territory_id",
    # The implementation record (#17): COPY does not apply Django's defaults.
    "cost_range", "duration", "evidence_rationale", "resources", "staffing", "training",
    "transferability",
]  # fmt: skip
STATUSES = [s for s, _share in STATUS_SHARES]
STATUS_WEIGHTS = [share for _s, share in STATUS_SHARES]
NOW = datetime.datetime(2026, 1, 15, 12, 0, tzinfo=datetime.UTC)
SPAN = 8 * 365 * 24 * 3600


def practice(pk: int, seed: int, ctx: dict, relations: dict):
    """One practice's row (its own random generator: any order of generation gives the
    same rows), its relations appended to ``relations``."""
    rng = random.Random(seed * 1_000_003 + pk)
    status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
    head, topic = rng.choice(TITLE_HEADS), rng.choice(TITLE_TOPICS)
    territory = rng.choices(ctx["territory_ids"], ctx["territory_weights"])[0]
    title_fr = f"{head[0]} {topic[0]} n° {pk}"
    title_en = f"{head[1]} {topic[1]} no. {pk}"
    common = rng.random() < COMMON_SHARE
    rare = rng.random() < RARE_SHARE
    summary = [sentence(rng), sentence(rng)]
    summary_fr = " ".join(fr for fr, _ in summary)
    summary_en = " ".join(en for _, en in summary)
    description_fr, description_en = description(rng, common=common, rare=rare)
    participation_fr = participation_en = ""
    if rng.random() < 0.3:
        participation_fr, participation_en = sentence(rng)
    created = NOW - datetime.timedelta(seconds=rng.randrange(SPAN))
    submitted = published = None
    if status != "draft":
        submitted = created + datetime.timedelta(days=rng.randrange(1, 30))
    if status in ("published", "archived"):
        published = submitted + datetime.timedelta(days=rng.randrange(1, 60))
    year_started = rng.randrange(2000, 2026)
    year_ended = rng.randrange(year_started, 2026) if rng.random() < 0.15 else None
    languages = rng.choice([["fr"], ["fr", "en"], ["en"], ["fr", "de"], ["es"]])
    org_ids = ctx["org_ids"]
    lead = rng.choice(org_ids)
    sectors, codes, weights = ctx["sectors"], ctx["sector_codes"], ctx["sector_weights"]
    chosen = set()
    wanted = rng.choice((2, 2, 3))
    while len(chosen) < wanted:
        chosen.add(rng.choices(codes, weights)[0])
    relations["sectors"].extend((pk, sectors[c]) for c in sorted(chosen))
    relations["themes"].extend((pk, t) for t in rng.sample(ctx["themes"], rng.randint(1, 3)))
    relations["targets"].extend((pk, t) for t in rng.sample(ctx["targets"], rng.randint(1, 3)))
    relations["articles"].extend((pk, a) for a in rng.sample(ctx["articles"], rng.randint(1, 3)))
    partners = [lead]
    wanted = rng.randint(2, 4)
    while len(partners) < wanted:
        other = rng.choice(org_ids)
        if other not in partners:
            partners.append(other)
    relations["partners"].append((pk, lead, "lead"))
    relations["partners"].extend(
        (pk, o, rng.choice(["partner", "partner", "funder"])) for o in partners[1:]
    )
    if rng.random() < 0.5:
        relations["links"].append((pk, f"https://example.org/practices/{pk}", f"Fiche {pk}"))
    return (
        pk, title_fr, title_fr, title_en, f"{slugify(title_fr)[:200]}-{pk}",
        summary_fr, summary_fr, summary_en,
        description_fr, description_fr, description_en,
        str(render_markdown(description_fr)), str(render_markdown(description_en)),
        participation_fr, participation_fr, participation_en,
        rng.choices(["evaluated", "promising", "emerging"], [2, 3.5, 4.5])[0],
        year_started, year_ended, json.dumps(languages), status, "",
        created, max(created, published or submitted or created), submitted,
        published, 1, rng.choice(ctx["groups"]), lead, territory,
        rng.choice(["none", "low", "medium", "high", "unknown"]), "", "", "", "", "",
        sentence(rng)[0] if rng.random() < 0.3 else "",
    )  # fmt: skip


def fill(n_practices: int, n_organisations: int, seed: int, jobs: int = 2, log=print) -> None:
    import django

    django.setup()
    from django.db import connection, transaction

    from practices.models import ConventionArticle, Practice, TargetGroup, Theme
    from stakeholders.models import Organisation, Sector, Territory, WorkingGroup

    if connection.vendor != "postgresql":
        raise SystemExit("bench/fill.py needs PostgreSQL: set DATABASE_URL.")
    if Practice.objects.exists() or Organisation.objects.exists():
        raise SystemExit("The database already holds practices or organisations.")

    rng = random.Random(seed)
    started = time.monotonic()

    def elapsed():
        return f"{time.monotonic() - started:.0f} s"

    ctx = {
        "sectors": {s.code: s.pk for s in Sector.objects.all()},
        "sector_codes": list(SECTOR_WEIGHTS),
        "sector_weights": list(SECTOR_WEIGHTS.values()),
        "themes": list(Theme.objects.values_list("pk", flat=True)),
        "targets": list(TargetGroup.objects.values_list("pk", flat=True)),
        "articles": list(ConventionArticle.objects.values_list("pk", flat=True)),
        "org_ids": list(range(1, n_organisations + 1)),
    }
    cursor = connection.cursor().cursor  # the underlying psycopg 3 cursor, for COPY

    with transaction.atomic():
        # Territories: every member state, and local areas in the largest networks.
        rows = []
        for code in COUNTRIES:
            rows.append((code, "", code.lower()))
            for city in CITIES.get(code, []):
                rows.append((code, city, f"{code.lower()}-{slugify(city)}"))
        existing = set(Territory.objects.values_list("slug", flat=True))
        copy_rows(cursor, "stakeholders_territory", ["country", "name", "slug"],
                  (row for row in rows if row[2] not in existing))  # fmt: skip
        territories = list(Territory.objects.values_list("pk", "country", "name"))
        # Practices cluster where the networks are: local areas and France weigh more.
        ctx["territory_ids"] = [pk for pk, _c, _n in territories]
        ctx["territory_weights"] = [
            (6 if country == "FR" else 2) * (3 if name else 1) for _pk, country, name in territories
        ]

        group_territories = [pk for pk, _c, name in territories if name][:16]
        copy_rows(
            cursor,
            "stakeholders_workinggroup",
            ["name", "name_fr", "name_en", "slug", "description", "description_fr",
             "description_en", "territory_id"],
            (
                (f"Groupe Lanzarote {i}", f"Groupe Lanzarote {i}", f"Lanzarote group {i}",
                 f"bench-group-{i}", "", "", "", t)
                for i, t in enumerate(group_territories, start=1)
            ),
        )  # fmt: skip
        ctx["groups"] = list(WorkingGroup.objects.values_list("pk", flat=True))

        def organisations():
            codes, weights = ctx["sector_codes"], ctx["sector_weights"]
            for i in ctx["org_ids"]:
                code = rng.choices(codes, weights)[0]
                base, acronym = rng.choice(ORG_NAMES[code])
                territory = rng.choices(ctx["territory_ids"], ctx["territory_weights"])[0]
                text_fr = f"{base} : {sentence(rng)[0]}"
                text_en = sentence(rng)[1]
                yield (
                    i, f"{base} {i}", acronym, f"{slugify(base)}-{i}", SECTOR_KIND[code], "", "",
                    text_fr, text_fr, text_en, NOW, NOW, ctx["sectors"][code], territory,
                )  # fmt: skip

        copy_rows(
            cursor,
            "stakeholders_organisation",
            ["id", "name", "acronym", "slug", "kind", "website", "public_contact",
             "description", "description_fr", "description_en", "created_at", "updated_at",
             "sector_id", "territory_id"],
            organisations(),
        )  # fmt: skip
        reset_identity(cursor, "stakeholders_organisation")
    log(f"  {len(territories)} territories, {len(ctx['groups'])} groups, "
        f"{n_organisations} organisations ({elapsed()})")  # fmt: skip

    # Practices: the search trigger is the slow part (it runs in the server), so several
    # connections COPY chunks side by side, one per core.
    relations = {k: [] for k in ("sectors", "themes", "targets", "articles", "partners", "links")}
    chunk = 1000
    chunks = [range(a, min(a + chunk, n_practices + 1)) for a in range(1, n_practices + 1, chunk)]
    lock = threading.Lock()
    done = [0]

    def load(worker: int):
        raw = connection.get_new_connection(connection.get_connection_params())
        mine = {k: [] for k in relations}
        try:
            with raw.transaction(), raw.cursor() as raw_cursor:
                for part in chunks[worker::jobs]:
                    copy_rows(raw_cursor, "practices_practice", PRACTICE_COLUMNS,
                              (practice(pk, seed, ctx, mine) for pk in part))  # fmt: skip
                    with lock:
                        done[0] += len(part)
                        if done[0] % 20000 < chunk:
                            log(f"  {done[0]} practices ({elapsed()})")
        finally:
            raw.close()
        return mine

    with ThreadPoolExecutor(jobs) as pool:
        for mine in pool.map(load, range(jobs)):
            for key, values in mine.items():
                relations[key].extend(values)

    with transaction.atomic():
        reset_identity(cursor, "practices_practice")
        for table, columns, key in [
            ("practices_practice_sectors", ["practice_id", "sector_id"], "sectors"),
            ("practices_practice_themes", ["practice_id", "theme_id"], "themes"),
            ("practices_practice_target_groups", ["practice_id", "targetgroup_id"], "targets"),
            ("practices_practice_articles", ["practice_id", "conventionarticle_id"], "articles"),
            ("practices_partner", ["practice_id", "organisation_id", "role"], "partners"),
            ("practices_link", ["practice_id", "url", "title"], "links"),
        ]:
            copy_rows(cursor, table, columns, sorted(relations[key]))
    log(f"  relations done ({elapsed()})")

    # The demo glossary: "Barnahus" also searches its equivalents (the "search, glossary
    # term" row).
    from lanzarote import demo_glossary

    demo_glossary.load()

    # Ten years of meetings for each working group (Insight's charts, yearly reports).
    from bench.meetings import fill_meetings

    fill_meetings(seed, log=log)
    log(f"  meetings done ({elapsed()})")

    # The fill is not news to any worker: they start with a full build.
    from practices.cache import prune

    prune(keep_seconds=0)
    # Fresh statistics and visibility map, as autovacuum would leave them.
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE")
    from django.core.cache import cache

    cache.clear()
    log(f"  filled in {elapsed()}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=8_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args(argv)
    print(f"Filling: {args.practices} practices, {args.organisations} organisations")
    fill(args.practices, args.organisations, args.seed, jobs=args.jobs)


if __name__ == "__main__":
    main()
