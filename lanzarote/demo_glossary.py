"""Demo glossary: real terms of child protection in several Council of Europe countries,
described in our own words, each with an official (or the institution's own) public page.

Each row: key (the slug), name, full form, languages, country, sector code, definition in
French, definition in English, source address. ``EQUIVALENTS``: groups of keys that name
the same kind of service in different countries (every pair in a group is linked).
"""

TERMS = [
    # ------------------------------------------------------------ France
    ("uaped-fr", "UAPED", "Unité d'accueil pédiatrique enfants en danger", ["fr"], "FR",
     "medico-legal",
     "Unité hospitalière où l'enfant victime est entendu par les enquêteurs dans une salle "
     "d'audition adaptée, examiné et soutenu par un psychologue, au même endroit.",
     "A hospital unit where investigators hear a child victim in a suitable interview room, "
     "and where the child is also examined and supported by a psychologist.",
     "https://sante.gouv.fr/"),
    ("crip-fr", "CRIP", "Cellule de recueil des informations préoccupantes", ["fr"], "FR",
     "child-welfare",
     "Service de chaque département qui reçoit et évalue les inquiétudes sur un enfant "
     "(venues de l'école, d'un médecin, du 119…) et saisit le parquet si nécessaire.",
     "The service in each French département that receives and assesses concerns about a "
     "child (from schools, doctors, the 119 helpline…) and refers to the prosecutor if needed.",
     "https://www.allo119.gouv.fr/"),
    ("information-preoccupante-fr", "Information préoccupante", "", ["fr"], "FR",
     "child-welfare",
     "Signalement à la CRIP d'éléments laissant craindre qu'un enfant soit en danger ou "
     "risque de l'être ; il déclenche une évaluation de sa situation.",
     "A report to the CRIP of facts suggesting that a child is, or may be, in danger; it "
     "starts an assessment of the child's situation.",
     "https://www.allo119.gouv.fr/"),
    ("audition-filmee-fr", "Audition filmée", "", ["fr"], "FR", "justice",
     "Enregistrement audiovisuel de l'audition d'un mineur victime, prévu par le code de "
     "procédure pénale, pour lui éviter de répéter son récit.",
     "The video recording of the interview of a child victim, provided for by the French "
     "code of criminal procedure, so that the child need not repeat their account.",
     "https://www.legifrance.gouv.fr/"),
    ("salle-melanie-fr", "Salle Mélanie", "", ["fr"], "FR", "police",
     "Salle d'audition aménagée comme un lieu de vie d'enfant dans une brigade de "
     "gendarmerie ou un commissariat, avec le matériel d'enregistrement.",
     "An interview room furnished like a child's room in a gendarmerie or police station, "
     "with the recording equipment.",
     "https://www.gendarmerie.interieur.gouv.fr/"),
    ("ase-fr", "ASE", "Aide sociale à l'enfance", ["fr"], "FR", "child-welfare",
     "Service du département chargé de protéger les enfants en danger : aides aux familles, "
     "placement, suivi des jeunes confiés.",
     "The département's child-welfare service: support for families, placement, and care "
     "of the young people entrusted to it.",
     "https://www.service-public.fr/"),
    ("pmi-fr", "PMI", "Protection maternelle et infantile", ["fr"], "FR", "child-welfare",
     "Service départemental de santé et de prévention pour les futurs parents et les "
     "enfants de moins de six ans ; il participe au repérage des enfants en danger.",
     "The département's health and prevention service for expectant parents and children "
     "under six; it helps to identify children in danger.",
     "https://www.service-public.fr/"),
    ("allo-119-fr", "119 Allô Enfance en Danger", "", ["fr"], "FR", "child-welfare",
     "Numéro national gratuit, joignable jour et nuit, pour les enfants et les adultes "
     "inquiets ; il transmet les informations préoccupantes aux CRIP.",
     "France's free national helpline, open day and night, for children and worried adults; "
     "it passes concerns on to the CRIPs.",
     "https://www.allo119.gouv.fr/"),
    ("umj-fr", "UMJ", "Unité médico-judiciaire", ["fr"], "FR", "medico-legal",
     "Service hospitalier qui examine les victimes sur réquisition de la justice et "
     "constate leurs blessures pour la procédure.",
     "A hospital service that examines victims at the request of the justice system and "
     "records their injuries for the proceedings.",
     "https://www.aphp.fr/"),
    ("bpm-fr", "Brigade de protection des mineurs", "", ["fr"], "FR", "police",
     "Service de police judiciaire spécialisé dans les infractions commises contre les "
     "mineurs, notamment les violences sexuelles.",
     "A judicial police unit specialised in offences against minors, sexual violence in "
     "particular.",
     "https://www.prefecturedepolice.interieur.gouv.fr/"),
    ("administrateur-ad-hoc-fr", "Administrateur ad hoc", "", ["fr"], "FR", "justice",
     "Personne désignée par un juge pour représenter l'enfant victime dans la procédure "
     "lorsque ses parents ne peuvent pas le faire.",
     "A person appointed by a judge to represent a child victim in the proceedings when "
     "the parents cannot do so.",
     "https://www.justice.fr/"),
    # ------------------------------------------------------------ Nordic countries
    ("barnahus-is", "Barnahús", "", ["is"], "IS", "child-welfare",
     "Maison de l'enfant islandaise (1998) : police, justice, protection de l'enfance et "
     "soignants y reçoivent l'enfant victime sous un même toit.",
     "Iceland's children's house (1998): police, justice, child protection and health "
     "professionals see the child victim under one roof.",
     "https://www.bofs.is/"),
    ("barnahus-se", "Barnahus", "", ["sv"], "SE", "child-welfare",
     "Maisons de l'enfant suédoises, sur le modèle islandais : auditions, examens et "
     "évaluation des besoins de protection au même endroit.",
     "Sweden's children's houses, on the Icelandic model: interviews, examinations and the "
     "assessment of protection needs in one place.",
     "https://www.barnafrid.se/"),
    ("socialtjansten-se", "Socialtjänsten", "", ["sv"], "SE", "child-welfare",
     "Services sociaux des communes suédoises, qui enquêtent sur les signalements et "
     "protègent les enfants.",
     "The social services of Swedish municipalities, which investigate reports and protect "
     "children.",
     "https://www.socialstyrelsen.se/"),
    ("statens-barnehus-no", "Statens barnehus", "", ["nb"], "NO", "child-welfare",
     "Maisons de l'enfant de l'État norvégien, où se tiennent les auditions judiciaires "
     "des enfants et leur suivi.",
     "The Norwegian state's children's houses, where children's judicial interviews and "
     "their follow-up take place.",
     "https://www.statensbarnehus.no/"),
    ("tilrettelagt-avhor-no", "Tilrettelagt avhør", "", ["nb"], "NO", "police",
     "Audition adaptée d'un enfant, menée par un enquêteur formé et enregistrée, "
     "généralement au Statens barnehus.",
     "A facilitated interview of a child, led by a trained investigator and recorded, "
     "usually at a Statens barnehus.",
     "https://www.politiet.no/"),
    ("barnevernet-no", "Barnevernet", "", ["nb"], "NO", "child-welfare",
     "Service de protection de l'enfance des communes norvégiennes.",
     "The child-welfare service of Norwegian municipalities.",
     "https://www.bufdir.no/"),
    ("bornehus-dk", "Børnehus", "", ["da"], "DK", "child-welfare",
     "Maisons de l'enfant danoises, où les services sociaux, la police et la santé "
     "coordonnent l'accueil de l'enfant victime.",
     "Denmark's children's houses, where social services, police and health care "
     "coordinate the care of a child victim.",
     "https://www.socialstyrelsen.dk/"),
    # ------------------------------------------------------------ United Kingdom
    ("mash-gb", "MASH", "Multi-Agency Safeguarding Hub", ["en"], "GB", "child-welfare",
     "Équipe où services sociaux, police, santé et éducation partagent les informations "
     "sur un enfant pour décider ensemble de la réponse.",
     "A team where social care, police, health and education share information about a "
     "child to decide together how to respond.",
     "https://www.gov.uk/"),
    ("abe-interview-gb", "ABE interview", "Achieving Best Evidence", ["en"], "GB", "police",
     "Audition enregistrée d'un enfant victime ou témoin, selon les règles nationales "
     "« Achieving Best Evidence ».",
     "The recorded interview of a child victim or witness, following the national "
     "“Achieving Best Evidence” guidance.",
     "https://www.gov.uk/"),
    ("child-advocacy-centre-gb", "Child Advocacy Centre", "", ["en"], "GB", "child-welfare",
     "Centre pluridisciplinaire né aux États-Unis, dont le modèle est repris au Royaume-Uni "
     ": l'enfant y est entendu, examiné et soutenu en un seul lieu.",
     "A multi-agency centre first developed in the United States and taken up in the "
     "United Kingdom: the child is interviewed, examined and supported in one place.",
     "https://www.nationalcac.org/"),
    ("lado-gb", "LADO", "Local Authority Designated Officer", ["en"], "GB", "child-welfare",
     "Responsable local saisi quand un professionnel travaillant avec des enfants est "
     "soupçonné de leur avoir fait du mal.",
     "The local officer told when someone who works with children may have harmed a child.",
     "https://www.gov.uk/"),
    ("section-47-enquiry-gb", "Section 47 enquiry", "", ["en"], "GB", "child-welfare",
     "Enquête de protection menée par la collectivité locale lorsqu'un enfant subit ou "
     "risque de subir un préjudice grave (Children Act 1989).",
     "The child-protection enquiry a local authority makes when a child suffers, or may "
     "suffer, significant harm (Children Act 1989).",
     "https://www.legislation.gov.uk/ukpga/1989/41/section/47"),
    # ------------------------------------------------------------ Germany
    ("jugendamt-de", "Jugendamt", "", ["de"], "DE", "child-welfare",
     "Office local de la jeunesse : aide aux familles et protection des enfants en danger.",
     "The local youth welfare office: support for families and protection of children at "
     "risk.",
     "https://www.bmfsfj.de/"),
    ("kinderschutzzentrum-de", "Kinderschutzzentrum", "", ["de"], "DE", "ngo",
     "Centre associatif de protection de l'enfance qui conseille et soigne les enfants "
     "maltraités et leurs familles.",
     "A voluntary child-protection centre that advises and treats abused children and "
     "their families.",
     "https://www.kinderschutz-zentren.org/"),
    ("insoweit-erfahrene-fachkraft-de", "Insoweit erfahrene Fachkraft", "", ["de"], "DE",
     "child-welfare",
     "Professionnel expérimenté que les services consultent pour évaluer un risque pour "
     "un enfant (§ 8a du livre VIII du code social).",
     "An experienced specialist whom services consult to assess a risk to a child "
     "(section 8a of Book VIII of the Social Code).",
     "https://www.gesetze-im-internet.de/sgb_8/__8a.html"),
    ("childhood-haus-de", "Childhood-Haus", "", ["de"], "DE", "medico-legal",
     "Maisons de l'enfant allemandes inspirées des Barnahus, souvent adossées à un hôpital.",
     "German children's houses inspired by the Barnahus, often attached to a hospital.",
     "https://www.barnahus.eu/"),
    # ------------------------------------------------------------ Belgium
    ("saj-be", "SAJ", "Service de l'aide à la jeunesse", ["fr"], "BE", "child-welfare",
     "Service de la Fédération Wallonie-Bruxelles qui aide les jeunes en difficulté ou en "
     "danger et leurs familles, avec leur accord.",
     "The Wallonia-Brussels Federation's service that helps young people in difficulty or "
     "danger and their families, with their agreement.",
     "https://www.aidealajeunesse.cfwb.be/"),
    ("one-be", "Office de la Naissance et de l'Enfance", "", ["fr"], "BE", "child-welfare",
     "Organisme de la Fédération Wallonie-Bruxelles pour la santé des jeunes enfants et "
     "l'accueil de l'enfance ; il soutient aussi les équipes SOS Enfants.",
     "The Wallonia-Brussels Federation's body for young children's health and childcare; it "
     "also supports the SOS Enfants teams.",
     "https://www.one.be/"),
    ("cpvs-be", "CPVS", "Centre de prise en charge des violences sexuelles", ["fr"], "BE",
     "medico-legal",
     "Centre hospitalier belge où les victimes de violences sexuelles reçoivent soins, "
     "examen médico-légal et peuvent porter plainte, jour et nuit.",
     "A Belgian hospital centre where victims of sexual violence receive care and a "
     "forensic examination, and can report to the police, day and night.",
     "https://www.violencessexuelles.be/"),
    ("zsg-be", "ZSG", "Zorgcentrum na Seksueel Geweld", ["nl"], "BE", "medico-legal",
     "Nom néerlandais des centres belges de prise en charge des violences sexuelles.",
     "The Dutch name of Belgium's sexual assault care centres.",
     "https://www.seksueelgeweld.be/"),
    ("opgroeien-be", "Opgroeien", "", ["nl"], "BE", "child-welfare",
     "Agence flamande pour l'enfance, la jeunesse et les familles, dont relèvent la "
     "prévention et l'aide à la jeunesse.",
     "The Flemish agency for children, young people and families, responsible for "
     "prevention and youth care.",
     "https://www.opgroeien.be/"),
    # ------------------------------------------------------------ Netherlands
    ("veilig-thuis-nl", "Veilig Thuis", "", ["nl"], "NL", "child-welfare",
     "Centres néerlandais de conseil et de signalement des violences domestiques et de la "
     "maltraitance des enfants.",
     "The Dutch advice and reporting centres for domestic violence and child abuse.",
     "https://veiligthuis.nl/"),
    ("centrum-seksueel-geweld-nl", "Centrum Seksueel Geweld", "", ["nl"], "NL",
     "medico-legal",
     "Centres néerlandais qui offrent en urgence soins médicaux, examen médico-légal et "
     "soutien aux victimes de violences sexuelles.",
     "Dutch centres offering emergency medical care, a forensic examination and support to "
     "victims of sexual violence.",
     "https://centrumseksueelgeweld.nl/"),
    # ------------------------------------------------------------ Spain
    ("prueba-preconstituida-es", "Prueba preconstituida", "", ["es"], "ES", "justice",
     "Audition enregistrée de l'enfant avant le procès, qui sert de preuve pour lui éviter "
     "de témoigner à nouveau.",
     "A recorded hearing of the child before the trial, used as evidence so that the child "
     "need not testify again.",
     "https://www.boe.es/"),
    ("lopivi-es", "LOPIVI", "Ley Orgánica de protección integral a la infancia y la "
     "adolescencia frente a la violencia", ["es"], "ES", "justice",
     "Loi organique espagnole de 2021 sur la protection globale des enfants contre la "
     "violence.",
     "Spain's 2021 organic law on the comprehensive protection of children against "
     "violence.",
     "https://www.boe.es/"),
    ("sala-gesell-es", "Sala Gesell", "", ["es"], "ES", "justice",
     "Salle d'audition avec une vitre sans tain, d'où les professionnels suivent "
     "l'entretien de l'enfant sans être dans la pièce.",
     "An interview room with a one-way mirror, through which professionals follow the "
     "child's interview without being in the room.",
     "https://www.mjusticia.gob.es/"),
    # ------------------------------------------------------------ Italy
    ("audizione-protetta-it", "Audizione protetta", "", ["it"], "IT", "justice",
     "Audition du mineur dans des conditions protégées (lieu adapté, aide d'un psychologue, "
     "enregistrement), prévue par le code de procédure pénale italien.",
     "The hearing of a minor under protective conditions (a suitable place, a "
     "psychologist's help, a recording), provided for by Italy's code of criminal procedure.",
     "https://www.giustizia.it/"),
    ("incidente-probatorio-it", "Incidente probatorio", "", ["it"], "IT", "justice",
     "Recueil anticipé d'une preuve devant le juge avant le procès, utilisé pour entendre "
     "une seule fois l'enfant victime.",
     "The taking of evidence before a judge ahead of the trial, used to hear a child victim "
     "only once.",
     "https://www.giustizia.it/"),
    ("tribunale-minorenni-it", "Tribunale per i minorenni", "", ["it"], "IT", "justice",
     "Juridiction italienne spécialisée pour les mineurs, compétente notamment pour leur "
     "protection.",
     "Italy's specialised court for minors, competent in particular for their protection.",
     "https://www.giustizia.it/"),
]  # fmt: skip

EQUIVALENTS = [
    # Children's houses: one place where the child tells their story once.
    ["barnahus-is", "barnahus-se", "statens-barnehus-no", "bornehus-dk", "uaped-fr",
     "child-advocacy-centre-gb", "childhood-haus-de"],
    # Where concerns about a child are received and assessed.
    ["crip-fr", "mash-gb", "veilig-thuis-nl"],
    # Child-welfare services.
    ["ase-fr", "jugendamt-de", "barnevernet-no", "socialtjansten-se", "saj-be", "opgroeien-be"],
    # The child's recorded interview, heard once.
    ["audition-filmee-fr", "abe-interview-gb", "tilrettelagt-avhor-no",
     "prueba-preconstituida-es", "audizione-protetta-it"],
    # Child-friendly interview rooms.
    ["salle-melanie-fr", "sala-gesell-es"],
    # Health of young children and their families.
    ["pmi-fr", "one-be"],
    # Care after sexual violence, with a forensic examination.
    ["cpvs-be", "zsg-be", "centrum-seksueel-geweld-nl", "umj-fr"],
    # Reporting a concern / an enquiry into it.
    ["information-preoccupante-fr", "section-47-enquiry-gb"],
]  # fmt: skip


def load() -> dict:
    """Create or update the demo terms and link their equivalents (idempotent); the terms
    by key. Used by ``load_demo`` and the benchmark's fill (bench/fill.py)."""
    from glossary.models import Term
    from stakeholders.models import Sector

    sectors = {s.code: s for s in Sector.objects.all()}
    terms = {}
    for slug, name, full_name, languages, country, sector, def_fr, def_en, source in TERMS:
        terms[slug], _ = Term.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "full_name": full_name,
                "languages": languages,
                "country": country,
                "sector": sectors[sector],
                "definition_fr": def_fr,
                "definition_en": def_en,
                "source_url": source,
            },
        )
    for group in EQUIVALENTS:
        for slug in group:
            terms[slug].equivalents.add(*(terms[other] for other in group if other != slug))
    return terms
