"""Demo data: real, public Paris organisations described in our own words; fictional people.

Sources are the organisations' own public websites. People and their contact details are
invented (addresses under example.org, numbers in a fictional range).
"""

from datetime import date
from typing import NamedTuple

from django.utils import timezone

GROUP = {
    "slug": "paris",
    "name_fr": "Groupe de travail Lanzarote – Paris",
    "name_en": "Lanzarote working group – Paris",
    "description_fr": (
        "Le premier groupe territorial, réuni à Paris à partir du 31 mars 2013 au sein de la "
        "commission Droits de l'homme de la Conférence des OING du Conseil de l'Europe. Il "
        "rassemble la justice, la médecine légale, la protection de l'enfance publique et "
        "associative, l'Éducation nationale, les associations nationales et la Brigade de "
        "protection des mineurs."
    ),
    "description_en": (
        "The first territorial group, meeting in Paris from 31 March 2013 within the Human "
        "Rights Committee of the Conference of INGOs of the Council of Europe. It brings "
        "together justice, forensic medicine, public and voluntary child welfare, national "
        "education, national NGOs and the Paris child-protection police unit."
    ),
    "founded_on": date(2013, 3, 31),
}

# The year whose report the Paris group publishes (its public version, for everyone): the
# current one, as the demo's meetings are placed relative to today.
REPORT_YEAR = timezone.localdate().year

# (slug, name, acronym, sector code, kind, territory key, website, public contact,
#  description FR, description EN)
ORGANISATIONS = [
    (
        "brigade-de-protection-des-mineurs",
        "Brigade de protection des mineurs – Préfecture de police",
        "BPM",
        "police",
        "public",
        "paris",
        "https://www.prefecturedepolice.interieur.gouv.fr/",
        "Urgence : 17",
        "Service de la police judiciaire parisienne spécialisé dans les infractions commises "
        "contre les mineurs, autonome depuis 1943. Ses sections traitent les violences "
        "intrafamiliales, les violences hors du cercle familial et la pédocriminalité en ligne.",
        "The Paris judicial police unit for offences against children, a brigade of its own "
        "since 1943. Its sections deal with abuse within the family, abuse outside it, and "
        "online child sexual exploitation.",
    ),
    (
        "umj-hotel-dieu",
        "Unité médico-judiciaire de l'Hôtel-Dieu (AP-HP)",
        "UMJ",
        "medico-legal",
        "public",
        "paris",
        "https://www.aphp.fr/",
        "Sur réquisition judiciaire uniquement",
        "Unité hospitalière qui examine, sur réquisition de la justice, les victimes adultes "
        "et mineures de violences à Paris, et établit les constatations médico-légales utiles "
        "à l'enquête.",
        "A hospital unit that examines adult and child victims of violence in Paris at the "
        "request of the judicial authorities, and records the forensic findings the "
        "investigation needs.",
    ),
    (
        "parquet-de-paris-section-des-mineurs",
        "Parquet de Paris – section des mineurs",
        "",
        "justice",
        "public",
        "paris",
        "https://www.justice.fr/",
        "Tribunal judiciaire de Paris, accueil du public",
        "Section du parquet du tribunal judiciaire de Paris chargée des affaires concernant "
        "les mineurs, victimes comme auteurs : elle dirige les enquêtes et saisit le juge des "
        "enfants pour protéger un enfant en danger.",
        "The section of the Paris public prosecutor's office that handles cases involving "
        "children, as victims or as offenders: it directs investigations and refers children "
        "in danger to the juvenile judge.",
    ),
    (
        "ase-paris-crip-75",
        "Aide sociale à l'enfance de Paris et CRIP 75",
        "ASE",
        "child-welfare",
        "public",
        "paris",
        "https://www.paris.fr/",
        "Pour une information préoccupante : le 119",
        "Le service de protection de l'enfance de la Ville de Paris. Sa cellule de recueil des "
        "informations préoccupantes (CRIP) reçoit et évalue les inquiétudes signalées par les "
        "écoles, les soignants et le 119, et saisit le parquet quand il le faut.",
        "The child-welfare service of the City of Paris. Its referral unit (CRIP) receives and "
        "assesses concerns raised by schools, health professionals and the 119 helpline, and "
        "refers to the public prosecutor when needed.",
    ),
    (
        "academie-de-paris",
        "Académie de Paris – Éducation nationale",
        "",
        "education",
        "public",
        "paris",
        "https://www.ac-paris.fr/",
        "Standard du rectorat",
        "Les écoles, collèges et lycées parisiens, avec leurs médecins, infirmiers et "
        "assistants de service social, qui repèrent les enfants en danger et transmettent "
        "les informations préoccupantes.",
        "Paris schools, with their doctors, nurses and social workers, who notice children in "
        "danger and pass on their concerns to child welfare.",
    ),
    (
        "la-voix-de-l-enfant",
        "La Voix de l'Enfant",
        "",
        "ngo",
        "civil-society",
        "paris",
        "https://www.lavoixdelenfant.org/",
        "",
        "Fédération d'associations créée en 1981 pour l'écoute et la défense de l'enfant en "
        "détresse. Elle est à l'origine des unités d'accueil pédiatriques où les enfants "
        "victimes sont entendus à l'hôpital.",
        "A federation of associations founded in 1981 to listen to and defend children in "
        "distress. It came up with the hospital units where child victims are heard by "
        "investigators.",
    ),
    (
        "l-enfant-bleu",
        "L'Enfant Bleu – Enfance Maltraitée",
        "",
        "ngo",
        "civil-society",
        "paris",
        "https://www.enfantbleu.org/",
        "",
        "Association fondée en 1989 qui apporte un soutien psychologique et juridique aux "
        "enfants victimes et aux adultes maltraités dans leur enfance, et mène des actions de "
        "prévention dans les écoles.",
        "An association founded in 1989 that gives psychological and legal support to child "
        "victims and to adults abused as children, and runs prevention work in schools.",
    ),
    (
        "ecpat-france",
        "ECPAT France",
        "",
        "ngo",
        "civil-society",
        "paris",
        "https://www.ecpat-france.fr/",
        "",
        "Membre français du réseau international ECPAT, qui lutte contre l'exploitation "
        "sexuelle des enfants, y compris en ligne et dans le cadre des voyages.",
        "The French member of the international ECPAT network against the sexual "
        "exploitation of children, including online and in travel.",
    ),
    (
        "fondation-pour-l-enfance",
        "Fondation pour l'Enfance",
        "",
        "ngo",
        "civil-society",
        "paris",
        "https://www.fondation-enfance.org/",
        "",
        "Fondation reconnue d'utilité publique, créée en 1977, qui soutient la recherche et "
        "les actions de prévention des violences faites aux enfants.",
        "A foundation recognised as of public utility, created in 1977, that supports research "
        "and prevention of violence against children.",
    ),
    (
        "eurocef",
        "Comité européen d'action spécialisée pour l'enfant et la famille dans leur milieu de vie",
        "EUROCEF",
        "ngo",
        "civil-society",
        "paris",
        "",
        "",
        "Organisation internationale non gouvernementale dotée du statut participatif auprès "
        "du Conseil de l'Europe. Elle a créé le groupe de travail Lanzarote avec la commission "
        "Droits de l'homme de la Conférence des OING et la Brigade de protection des mineurs.",
        "An international NGO with participatory status at the Council of Europe. It set up "
        "the Lanzarote working group with the Human Rights Committee of the Conference of "
        "INGOs and the Paris child-protection police unit.",
    ),
    (
        "snated-119",
        "Service national d'accueil téléphonique de l'enfance en danger – 119",
        "SNATED",
        "child-welfare",
        "public",
        "france",
        "https://www.allo119.gouv.fr/",
        "119, gratuit, 24 h/24, 7 j/7",
        "Le numéro national Allô Enfance en Danger, gratuit et joignable jour et nuit, qui "
        "n'apparaît pas sur les factures. Il transmet les informations préoccupantes à la "
        "cellule du département concerné.",
        "The national Allô Enfance en Danger helpline, free, open day and night and not shown "
        "on phone bills. It passes concerns on to the referral unit of the département "
        "concerned.",
    ),
    (
        "la-mouette",
        "La Mouette",
        "",
        "ngo",
        "civil-society",
        "france",
        "",
        "",
        "Association qui promeut et équipe les salles Mélanie, des salles d'audition adaptées "
        "aux enfants dans les locaux de la gendarmerie et de la police.",
        "An association that promotes and equips the 'Mélanie rooms': child-friendly "
        "interview rooms in gendarmerie and police premises.",
    ),
]

# (key, country, local area, slug)
TERRITORIES = [
    ("france", "FR", "", "france"),
    ("paris", "FR", "Paris", "paris"),
    ("iceland", "IS", "", "iceland"),
]

# (email, first name, last name, job title, organisation slug, role, phone, is demo login)
PEOPLE = [
    (
        "coordination@example.org",
        "Claire",
        "Demoulin",
        "Coordinatrice du groupe de travail",
        "eurocef",
        "coordinator",
        "+33 1 00 00 00 01",
        True,
    ),
    (
        "membre.police@example.org",
        "Julien",
        "Essai",
        "Commandant de police",
        "brigade-de-protection-des-mineurs",
        "member",
        "+33 1 00 00 00 02",
        True,
    ),
    (
        "membre.umj@example.org",
        "Sophie",
        "Fictive",
        "Médecin légiste",
        "umj-hotel-dieu",
        "member",
        "+33 1 00 00 00 03",
        True,
    ),
    (
        "substitut@example.org",
        "Marc",
        "Exemple",
        "Substitut du procureur",
        "parquet-de-paris-section-des-mineurs",
        "member",
        "",
        False,
    ),
    (
        "crip@example.org",
        "Nadia",
        "Modèle",
        "Responsable de la CRIP",
        "ase-paris-crip-75",
        "member",
        "",
        False,
    ),
    (
        "sante-scolaire@example.org",
        "Hélène",
        "Specimen",
        "Médecin scolaire",
        "academie-de-paris",
        "member",
        "",
        False,
    ),
    (
        "voix@example.org",
        "Karim",
        "Témoin",
        "Chargé de mission",
        "la-voix-de-l-enfant",
        "member",
        "",
        False,
    ),
    (
        "enfant-bleu@example.org",
        "Léa",
        "Maquette",
        "Psychologue",
        "l-enfant-bleu",
        "member",
        "",
        False,
    ),
]

DEMO_PASSWORDS = {
    "coordination@example.org": "demo-coordination-2026",
    "membre.police@example.org": "demo-membre-police-2026",
    "membre.umj@example.org": "demo-membre-umj-2026",
}
STAFF_LOGIN = ("admin@example.org", "demo-admin-2026")
# Coordinators and staff must use two-factor authentication: the demo ones get a known
# TOTP secret (add it to an authenticator app, or: oathtool --totp -b SECRET).
DEMO_TOTP_SECRETS = {
    "coordination@example.org": "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU",
    "admin@example.org": "MFSG22LOMVRXEZLUMFSG22LOMVRXEZLU",
}

# Extra organisations the practices need, outside Paris (real, public bodies).
PRACTICE_ORGANISATIONS = [
    (
        "barnahus-iceland",
        "Barnahús",
        "",
        "child-welfare",
        "public",
        "iceland",
        "",
        "Le centre islandais où les enfants victimes sont entendus et soignés sous un même toit.",
        "The Icelandic centre where child victims are heard and cared for under one roof.",
    ),
    (
        "barnahus-sweden",
        "Barnahus Sverige",
        "",
        "child-welfare",
        "public",
        "sweden",
        "",
        "Réseau des maisons de l'enfant suédoises, portées par les communes, la police, le "
        "parquet et la santé.",
        "The Swedish network of children's houses, run jointly by municipalities, police, "
        "prosecution and health services.",
    ),
    (
        "statens-barnehus",
        "Statens barnehus",
        "",
        "police",
        "public",
        "norway",
        "",
        "Les maisons de l'enfant norvégiennes, rattachées à la police, où les enfants sont "
        "auditionnés et accompagnés.",
        "Norway's children's houses, attached to the police, where children are interviewed "
        "and supported.",
    ),
    (
        "lucy-faithfull-foundation",
        "Lucy Faithfull Foundation",
        "",
        "ngo",
        "civil-society",
        "united-kingdom",
        "https://www.lucyfaithfull.org.uk/",
        "Association britannique de prévention des abus sexuels sur enfants, qui gère la ligne "
        "Stop It Now!",
        "A UK charity that works to prevent child sexual abuse and runs the Stop It Now! helpline.",
    ),
    (
        "conseil-de-l-europe",
        "Conseil de l'Europe",
        "CoE",
        "justice",
        "public",
        "france",
        "https://www.coe.int/",
        "Organisation internationale de 46 États membres, gardienne de la Convention de Lanzarote.",
        "An international organisation of 46 member states, guardian of the Lanzarote Convention.",
    ),
]

TERRITORIES += [
    ("sweden", "SE", "", "sweden"),
    ("norway", "NO", "", "norway"),
    ("united-kingdom", "GB", "", "united-kingdom"),
]

# Practices: real, public ones, described in our own words, with their sources.


class DemoPractice(NamedTuple):
    slug: str
    title_fr: str
    title_en: str
    summary_fr: str
    summary_en: str
    description_fr: str
    description_en: str
    territory: str  # a key of TERRITORIES
    sectors: list  # sector codes
    themes: list  # theme codes
    targets: list  # target group codes
    articles: list  # Convention article numbers
    evidence: str
    since: int | None
    languages: list
    partners: list  # [(organisation slug, role)], the lead first
    links: list  # [(title, url)]
    status: str


PRACTICES = [
    DemoPractice(
        slug="barnahus-islande",
        title_fr="Barnahús, la maison de l'enfant en Islande",
        title_en="Barnahús, the children's house in Iceland",
        summary_fr=(
            "Depuis 1998, police, parquet, protection de l'enfance, médecins et psychologues "
            "accueillent l'enfant victime sous un même toit, pour qu'il ne raconte son histoire "
            "qu'une seule fois."
        ),
        summary_en=(
            "Since 1998, police, prosecutors, child protection, doctors and psychologists have "
            "received child victims under one roof, so that a child tells their story only once."
        ),
        description_fr=(
            "L'enfant est entendu par un professionnel formé dans une salle adaptée, pendant que "
            "le juge, la police, le parquet, la défense et les services sociaux suivent "
            "l'audition depuis une pièce voisine. L'enregistrement peut servir de preuve devant "
            "le tribunal.\n\nAu même endroit, l'enfant reçoit un examen médical et, si besoin, "
            "une thérapie. Le modèle a inspiré de nombreux pays européens."
        ),
        description_en=(
            "The child is interviewed by a trained professional in a child-friendly room, while "
            "the judge, police, prosecution, defence and social services follow from a "
            "neighbouring room. The recording can be used as evidence in court.\n\nIn the same "
            "place, the child has a medical examination and, if needed, therapy. The model has "
            "inspired many European countries."
        ),
        territory="iceland",
        sectors=["justice", "police", "medico-legal", "child-welfare"],
        themes=["child-friendly-justice", "medical-forensic", "support", "coordination"],
        targets=["child-victims"],
        articles=[10, 14, 35],
        evidence="evaluated",
        since=1998,
        languages=["is"],
        partners=[("barnahus-iceland", "lead")],
        links=[("Barnahus – PROMISE (Barnahus Quality Standards)", "https://www.barnahus.eu/")],
        status="published",
    ),
    DemoPractice(
        slug="barnahus-suede",
        title_fr="Barnahus en Suède",
        title_en="Barnahus in Sweden",
        summary_fr=(
            "Les maisons de l'enfant suédoises réunissent police, parquet, services sociaux et "
            "santé autour de l'enfant victime, sur le modèle islandais."
        ),
        summary_en=(
            "Swedish children's houses bring police, prosecution, social services and health care "
            "together around the child victim, on the Icelandic model."
        ),
        description_fr=(
            "Chaque maison est portée par plusieurs communes et leurs partenaires. Les auditions "
            "filmées, les examens médicaux et l'évaluation des besoins de protection ont lieu au "
            "même endroit, et les professionnels se concertent sur chaque situation."
        ),
        description_en=(
            "Each house is run by several municipalities and their partners. Recorded interviews, "
            "medical examinations and the assessment of protection needs take place in the same "
            "building, and the professionals confer on each case."
        ),
        territory="sweden",
        sectors=["justice", "police", "medico-legal", "child-welfare"],
        themes=["child-friendly-justice", "coordination", "support"],
        targets=["child-victims"],
        articles=[10, 35],
        evidence="promising",
        since=None,
        languages=["sv"],
        partners=[("barnahus-sweden", "lead")],
        links=[("Barnahus – PROMISE", "https://www.barnahus.eu/")],
        status="published",
    ),
    DemoPractice(
        slug="statens-barnehus-norvege",
        title_fr="Statens barnehus en Norvège",
        title_en="Statens barnehus in Norway",
        summary_fr=(
            "En Norvège, les maisons de l'enfant de l'État accueillent les auditions judiciaires "
            "des enfants et leur proposent un suivi, en lien avec la police et les services "
            "sociaux."
        ),
        summary_en=(
            "In Norway, the state's children's houses host the judicial interviews of children "
            "and offer them follow-up care, together with the police and social services."
        ),
        description_fr=(
            "Les auditions sont menées par des enquêteurs spécialement formés, dans des locaux "
            "pensés pour l'enfant. Le personnel de la maison accompagne ensuite l'enfant et sa "
            "famille et les oriente vers les soins."
        ),
        description_en=(
            "Interviews are carried out by specially trained investigators in premises designed "
            "for children. The house's staff then support the child and family and refer them to "
            "care."
        ),
        territory="norway",
        sectors=["police", "justice", "child-welfare", "medico-legal"],
        themes=["child-friendly-justice", "support"],
        targets=["child-victims", "parents"],
        articles=[35, 14],
        evidence="promising",
        since=None,
        languages=["no"],
        partners=[("statens-barnehus", "lead")],
        links=[("Barnahus – PROMISE", "https://www.barnahus.eu/")],
        status="published",
    ),
    DemoPractice(
        slug="uaped",
        title_fr="Unités d'accueil pédiatriques enfants en danger (UAPED)",
        title_en="Paediatric units for children in danger (UAPED)",
        summary_fr=(
            "À l'hôpital, une salle d'audition, une consultation médicale et un psychologue "
            "permettent aux enquêteurs d'entendre l'enfant victime dans un cadre sécurisant."
        ),
        summary_en=(
            "In hospital, an interview room, a medical consultation room and a psychologist let "
            "investigators hear child victims in a reassuring setting."
        ),
        description_fr=(
            "L'idée vient de La Voix de l'Enfant en 1997 ; la première unité a ouvert à Béziers "
            "en janvier 1999. Une instruction de la DGOS du 3 novembre 2021 en a fait un cadre "
            "national. L'audition filmée évite à l'enfant de répéter son récit, et les soins "
            "commencent sur place."
        ),
        description_en=(
            "The idea came from La Voix de l'Enfant in 1997; the first unit opened in Béziers in "
            "January 1999. A DGOS instruction of 3 November 2021 made it a national framework. "
            "The recorded interview spares the child from repeating their account, and care "
            "begins on the spot."
        ),
        territory="france",
        sectors=["medico-legal", "police", "justice", "ngo"],
        themes=["child-friendly-justice", "medical-forensic", "coordination"],
        targets=["child-victims"],
        articles=[10, 14, 35],
        evidence="promising",
        since=1999,
        languages=["fr"],
        partners=[
            ("la-voix-de-l-enfant", "lead"),
            ("umj-hotel-dieu", "partner"),
            ("brigade-de-protection-des-mineurs", "partner"),
        ],
        links=[("La Voix de l'Enfant", "https://www.lavoixdelenfant.org/")],
        status="published",
    ),
    DemoPractice(
        slug="salles-melanie",
        title_fr="Salles Mélanie",
        title_en="“Mélanie” rooms",
        summary_fr=(
            "Des salles d'audition adaptées aux enfants, installées dans les gendarmeries et "
            "commissariats avec l'association La Mouette."
        ),
        summary_en=(
            "Child-friendly interview rooms set up in gendarmerie and police stations with the "
            "association La Mouette."
        ),
        description_fr=(
            "Une salle Mélanie ressemble à une chambre d'enfant plutôt qu'à un bureau de police : "
            "jouets, dessins et mobilier adapté aident l'enfant à parler. L'association promeut "
            "et équipe ces salles ; la première a ouvert à la gendarmerie d'Agen."
        ),
        description_en=(
            "A Mélanie room looks like a child's bedroom rather than a police office: toys, "
            "drawings and suitable furniture help the child to speak. The association promotes "
            "and equips the rooms; the first opened at the Agen gendarmerie."
        ),
        territory="france",
        sectors=["police", "ngo", "justice"],
        themes=["child-friendly-justice"],
        targets=["child-victims"],
        articles=[35],
        evidence="emerging",
        since=None,
        languages=["fr"],
        partners=[("la-mouette", "lead")],
        links=[],
        status="published",
    ),
    DemoPractice(
        slug="allo-119",
        title_fr="119 – Allô Enfance en Danger",
        title_en="119 – Allô Enfance en Danger",
        summary_fr=(
            "Le numéro national gratuit, ouvert jour et nuit, pour les enfants en danger et les "
            "adultes inquiets ; il transmet les informations préoccupantes aux départements."
        ),
        summary_en=(
            "The free national number, open day and night, for children in danger and worried "
            "adults; it passes concerns on to the départements."
        ),
        description_fr=(
            "Créé par la loi du 10 juillet 1989 et joignable au 119 depuis 1997, le service "
            "n'apparaît pas sur les factures et propose aussi un tchat aux moins de 21 ans. Les "
            "écoutants transmettent les situations à la cellule de recueil des informations "
            "préoccupantes du département."
        ),
        description_en=(
            "Set up by the law of 10 July 1989 and reachable on 119 since 1997, the service does "
            "not appear on phone bills and also offers a chat for under-21s. Call handlers pass "
            "situations to the département's child-protection referral unit."
        ),
        territory="france",
        sectors=["child-welfare", "justice", "ngo"],
        themes=["identification", "coordination"],
        targets=["children", "adolescents", "general-public"],
        articles=[12, 13],
        evidence="promising",
        since=1989,
        languages=["fr"],
        partners=[("snated-119", "lead"), ("ase-paris-crip-75", "partner")],
        links=[("Allô 119", "https://www.allo119.gouv.fr/")],
        status="published",
    ),
    DemoPractice(
        slug="crip",
        title_fr="Cellules de recueil des informations préoccupantes (CRIP)",
        title_en="Child-protection referral units (CRIP)",
        summary_fr=(
            "Dans chaque département, une cellule unique reçoit et évalue les inquiétudes sur un "
            "enfant, d'où qu'elles viennent, et saisit le parquet si nécessaire."
        ),
        summary_en=(
            "In each département, a single unit receives and assesses concerns about a child, "
            "whoever raises them, and refers to the prosecutor when needed."
        ),
        description_fr=(
            "Instituées par la loi du 5 mars 2007 et renforcées par celle du 14 mars 2016, les "
            "CRIP relèvent du président du conseil départemental. Écoles, médecins, 119 et "
            "associations leur adressent les informations préoccupantes."
        ),
        description_en=(
            "Created by the law of 5 March 2007 and strengthened in 2016, the units report to the "
            "president of the departmental council. Schools, doctors, the 119 helpline and NGOs "
            "send them their concerns."
        ),
        territory="paris",
        sectors=["child-welfare", "education", "justice", "medico-legal"],
        themes=["identification", "coordination"],
        targets=["children", "professionals"],
        articles=[10, 12],
        evidence="emerging",
        since=2007,
        languages=["fr"],
        partners=[
            ("ase-paris-crip-75", "lead"),
            ("academie-de-paris", "partner"),
            ("parquet-de-paris-section-des-mineurs", "partner"),
        ],
        links=[],
        status="published",
    ),
    DemoPractice(
        slug="116-111",
        title_fr="116 111, le numéro européen pour les enfants",
        title_en="116 111, the European child helpline number",
        summary_fr=(
            "Un même numéro, réservé dans toute l'Union européenne, pour joindre une ligne "
            "d'écoute destinée aux enfants."
        ),
        summary_en=(
            "One number, reserved across the European Union, to reach a helpline for children."
        ),
        description_fr=(
            "Le numéro a été réservé par une décision de la Commission européenne du 29 octobre "
            "2007. Les lignes nationales sont tenues par des associations ou des services "
            "publics, qui orientent les enfants vers l'aide dont ils ont besoin."
        ),
        description_en=(
            "The number was reserved by a European Commission decision of 29 October 2007. "
            "National lines are run by NGOs or public services, which direct children to the help "
            "they need."
        ),
        territory="france",
        sectors=["ngo", "child-welfare"],
        themes=["prevention", "identification"],
        targets=["children", "adolescents"],
        articles=[13],
        evidence="emerging",
        since=2007,
        languages=["fr", "en", "other"],
        partners=[("conseil-de-l-europe", "partner")],
        links=[],
        status="published",
    ),
    DemoPractice(
        slug="stop-it-now",
        title_fr="Stop It Now! (Royaume-Uni)",
        title_en="Stop It Now! (United Kingdom)",
        summary_fr=(
            "Une ligne confidentielle pour les personnes inquiètes de leurs propres pensées ou "
            "comportements envers les enfants, et pour leurs proches."
        ),
        summary_en=(
            "A confidential helpline for people worried about their own thoughts or behaviour "
            "towards children, and for their families and friends."
        ),
        description_fr=(
            "Prévenir avant le passage à l'acte : les appelants sont écoutés sans jugement et "
            "orientés vers un accompagnement. La ligne s'adresse aussi aux parents inquiets du "
            "comportement d'un enfant."
        ),
        description_en=(
            "Preventing abuse before it happens: callers are heard without judgement and directed "
            "to support. The line also helps parents worried about a child's behaviour."
        ),
        territory="united-kingdom",
        sectors=["ngo", "medico-legal"],
        themes=["prevention", "harmful-behaviour"],
        targets=["offenders", "parents"],
        articles=[7, 13],
        evidence="promising",
        since=None,
        languages=["en"],
        partners=[("lucy-faithfull-foundation", "lead")],
        links=[("Stop It Now!", "https://www.stopitnow.org.uk/")],
        status="published",
    ),
    DemoPractice(
        slug="regle-de-la-culotte",
        title_fr="La règle « On ne touche pas ici »",
        title_en="The Underwear Rule",
        summary_fr=(
            "Un outil simple du Conseil de l'Europe pour aider les parents à expliquer aux "
            "enfants que personne ne doit toucher leur corps sans leur accord."
        ),
        summary_en=(
            "A simple Council of Europe tool to help parents explain to children that nobody may "
            "touch their body without their consent."
        ),
        description_fr=(
            "Issue de la campagne UN sur CINQ, la règle tient en quelques messages : ton corps "
            "t'appartient, il y a des bons et des mauvais secrets, parle à un adulte de "
            "confiance. Elle est déclinée en livret, vidéo et affiches dans de nombreuses "
            "langues."
        ),
        description_en=(
            "Part of the ONE in FIVE campaign, the rule fits in a few messages: your body belongs "
            "to you, there are good and bad secrets, talk to a trusted adult. It comes as a "
            "booklet, a video and posters in many languages."
        ),
        territory="france",
        sectors=["ngo", "education", "child-welfare"],
        themes=["prevention"],
        targets=["children", "parents"],
        articles=[6, 8],
        evidence="emerging",
        since=2010,
        languages=["fr", "en", "other"],
        partners=[("conseil-de-l-europe", "lead"), ("eurocef", "partner")],
        links=[("Conseil de l'Europe – ONE in FIVE", "https://www.coe.int/")],
        status="published",
    ),
    DemoPractice(
        slug="prevention-ecoles-enfant-bleu",
        title_fr="Prévention de L'Enfant Bleu dans les écoles",
        title_en="L'Enfant Bleu's prevention work in schools",
        summary_fr=(
            "Des intervenants de l'association rencontrent les élèves pour les aider à repérer "
            "les violences et à savoir à qui en parler."
        ),
        summary_en=(
            "The association's staff meet pupils to help them recognise abuse and know whom to "
            "tell."
        ),
        description_fr=(
            "Les séances sont préparées avec les équipes éducatives, qui sont formées à "
            "recueillir la parole d'un élève et à transmettre une information préoccupante."
        ),
        description_en=(
            "Sessions are prepared with school staff, who are trained to listen to a pupil and "
            "pass on a concern."
        ),
        territory="paris",
        sectors=["ngo", "education"],
        themes=["prevention", "identification", "training"],
        targets=["children", "professionals"],
        articles=[5, 6],
        evidence="emerging",
        since=None,
        languages=["fr"],
        partners=[("l-enfant-bleu", "lead"), ("academie-de-paris", "partner")],
        links=[("L'Enfant Bleu", "https://www.enfantbleu.org/")],
        status="submitted",
    ),
    DemoPractice(
        slug="ecpat-professionnels-tourisme",
        title_fr="Sensibiliser les professionnels du tourisme",
        title_en="Raising awareness among travel professionals",
        summary_fr=(
            "ECPAT France forme les professionnels du voyage à repérer et signaler l'exploitation "
            "sexuelle des enfants."
        ),
        summary_en=(
            "ECPAT France trains travel professionals to spot and report the sexual exploitation "
            "of children."
        ),
        description_fr="",
        description_en="",
        territory="france",
        sectors=["ngo"],
        themes=["prevention", "training"],
        targets=["professionals"],
        articles=[9],
        evidence="emerging",
        since=None,
        languages=["fr"],
        partners=[("ecpat-france", "lead")],
        links=[("ECPAT France", "https://www.ecpat-france.fr/")],
        status="draft",
    ),
]

# The richer records of the practices (by slug): references (kind, authors, year, title,
# publisher, DOI, address: real public sources; a DOI only where it was checked, else the
# organisation's public page), implementation and transferability (in our own words),
# and, for the published ones at a level that needs it, the reviewer's reason.
BARNAHUS_BOOK = (
    "study",
    "Johansson, S.; Stefansen, K.; Bakketeig, E.; Kaldal, A. (eds)",
    2017,
    "Collaborating Against Child Abuse: Exploring the Nordic Barnahus Model",
    "Palgrave Macmillan",
    "10.1007/978-3-319-58388-4",
    "",
)
BARNAHUS_STANDARDS = (
    "guideline",
    "PROMISE",
    None,
    "Barnahus Quality Standards",
    "Council of the Baltic Sea States",
    "",
    "https://www.barnahus.eu/",
)
BARNAHUS_RECORD = {
    "resources": (
        "Une maison adaptée aux enfants, une salle d'audition filmée avec une pièce "
        "d'observation, une salle d'examen médical.",
        "A child-friendly house, a filmed interview room with an observation room, a medical "
        "examination room.",
    ),
    "staffing": (
        "Des intervieweurs formés, des psychologues, un accès à des médecins légistes et "
        "pédiatres ; police, parquet et services sociaux viennent sur place.",
        "Trained interviewers, psychologists, access to forensic doctors and paediatricians; "
        "police, prosecutors and social services come to the house.",
    ),
    "training": (
        "Formation à l'audition d'enfants selon un protocole structuré, et formation commune "
        "des partenaires.",
        "Training in interviewing children with a structured protocol, and joint training of "
        "the partners.",
    ),
    "cost_range": "high",
    "duration": (
        "Quelques semaines par enfant, du signalement à la fin du suivi.",
        "A few weeks per child, from the report to the end of the follow-up.",
    ),
    "transferability": (
        "Il faut une loi ou un accord qui permette d'utiliser l'audition filmée au procès, "
        "un engagement durable de la police, de la justice, de la santé et de la protection "
        "de l'enfance, et un financement stable.",
        "It needs a law or agreement allowing the filmed interview to be used at trial, a "
        "lasting commitment of police, justice, health and child protection, and stable "
        "funding.",
    ),
}
RECORDS = {
    "barnahus-islande": {
        **BARNAHUS_RECORD,
        "references": [
            (
                "evaluation",
                "Herbert, J. L.; Bromfield, L.",
                2016,
                "Evidence for the Efficacy of the Child Advocacy Center Model: A Systematic Review",
                "Trauma, Violence, & Abuse",
                "10.1177/1524838015585319",
                "",
            ),
            BARNAHUS_BOOK,
            BARNAHUS_STANDARDS,
        ],
        "rationale": (
            "Le modèle des centres d'accueil des enfants dont le Barnahús est issu a fait "
            "l'objet d'évaluations, réunies dans une revue systématique ; les Barnahus "
            "nordiques ont été étudiés dans plusieurs pays."
        ),
    },
    "barnahus-suede": {
        **BARNAHUS_RECORD,
        "references": [BARNAHUS_BOOK, BARNAHUS_STANDARDS],
        "rationale": (
            "Les Barnahus suédois sont suivis et étudiés depuis leur création (ouvrage "
            "collectif de 2017) ; pas d'évaluation de leurs effets sur les enfants citée ici."
        ),
    },
    "statens-barnehus-norvege": {
        **BARNAHUS_RECORD,
        "references": [BARNAHUS_BOOK, BARNAHUS_STANDARDS],
        "rationale": (
            "Les Statens barnehus figurent dans les recherches comparatives sur le modèle "
            "nordique ; résultats encourageants, sans évaluation d'impact citée ici."
        ),
    },
    "uaped": {
        "references": [
            (
                "report",
                "La Voix de l'Enfant",
                None,
                "Les unités d'accueil pédiatriques enfants en danger",
                "La Voix de l'Enfant",
                "",
                "https://www.lavoixdelenfant.org/",
            ),
        ],
        "resources": (
            "Une salle d'audition équipée pour l'enregistrement, dans un service de pédiatrie "
            "hospitalier.",
            "An interview room equipped for recording, in a hospital paediatric ward.",
        ),
        "staffing": (
            "Pédiatres, médecins légistes, psychologues et un coordinateur ; enquêteurs de "
            "police ou de gendarmerie formés.",
            "Paediatricians, forensic doctors, psychologists and a coordinator; trained police "
            "or gendarmerie investigators.",
        ),
        "training": (
            "Formation des enquêteurs à l'audition de mineurs ; formation du personnel "
            "hospitalier à l'accueil des enfants victimes.",
            "Investigators trained to interview minors; hospital staff trained to receive "
            "child victims.",
        ),
        "cost_range": "medium",
        "transferability": (
            "Un hôpital volontaire, une convention entre hôpital, parquet, forces de l'ordre "
            "et conseil départemental, et un financement des postes de coordination.",
            "A willing hospital, an agreement between hospital, prosecutor, police and the "
            "département, and funding for the coordination posts.",
        ),
        "rationale": (
            "Dispositif déployé dans de nombreux départements, avec un suivi d'activité "
            "publié par l'association ; pas encore d'évaluation d'impact."
        ),
    },
    "salles-melanie": {
        "resources": (
            "Une pièce aménagée et décorée pour les enfants dans un commissariat ou une "
            "gendarmerie.",
            "A room furnished and decorated for children in a police or gendarmerie station.",
        ),
        "cost_range": "low",
        "transferability": (
            "L'accord du commandement local et un partenaire associatif pour aménager la salle.",
            "The agreement of the local command and a partner association to furnish the room.",
        ),
    },
    "allo-119": {
        "references": [
            (
                "report",
                "GIP Enfance en Danger",
                None,
                "Rapports d'activité du 119 – Allô Enfance en Danger",
                "GIP Enfance en Danger",
                "",
                "https://www.allo119.gouv.fr/",
            ),
        ],
        "resources": (
            "Une plateforme téléphonique et en ligne ouverte jour et nuit, un outil de "
            "transmission sécurisé vers les départements.",
            "A telephone and online service open day and night, a secure tool for passing "
            "concerns to the départements.",
        ),
        "staffing": (
            "Des écoutants professionnels (psychologues, travailleurs sociaux, juristes) et "
            "leurs encadrants.",
            "Professional call handlers (psychologists, social workers, lawyers) and their "
            "supervisors.",
        ),
        "training": (
            "Formation initiale à l'écoute d'enfants et d'adultes inquiets, et supervision.",
            "Initial training in listening to children and worried adults, and supervision.",
        ),
        "cost_range": "high",
        "duration": (
            "Un appel, suivi si besoin d'une transmission.",
            "A call, followed when needed by a referral.",
        ),
        "transferability": (
            "Un numéro national gratuit, une base légale pour transmettre les informations "
            "aux services de protection de l'enfance, et un financement public durable.",
            "A free national number, a legal basis for passing information to child-protection "
            "services, and lasting public funding.",
        ),
        "rationale": (
            "Service suivi depuis 1989, dont l'activité est publiée chaque année ; pas "
            "d'évaluation de ses effets sur les enfants citée ici."
        ),
    },
    "crip": {
        "staffing": (
            "Des travailleurs sociaux et un encadrement au conseil départemental.",
            "Social workers and their managers at the département's council.",
        ),
        "cost_range": "medium",
        "transferability": (
            "Un circuit unique et connu de tous pour les informations préoccupantes, défini "
            "avec le parquet et l'Éducation nationale.",
            "One route for concerns that everyone knows, agreed with the prosecutor and the "
            "schools.",
        ),
    },
    "stop-it-now": {
        "references": [
            (
                "report",
                "Lucy Faithfull Foundation",
                None,
                "Stop It Now! helpline: reports and evaluations",
                "Lucy Faithfull Foundation",
                "",
                "https://www.stopitnow.org.uk/",
            ),
        ],
        "resources": (
            "Une ligne d'écoute confidentielle, un site d'aide en ligne.",
            "A confidential helpline and a self-help website.",
        ),
        "staffing": (
            "Des écoutants spécialisés dans la prévention de la violence sexuelle.",
            "Call handlers specialised in preventing sexual abuse.",
        ),
        "cost_range": "medium",
        "transferability": (
            "Un cadre légal qui permette l'anonymat des appelants, et des services vers qui "
            "les orienter.",
            "A legal framework allowing callers to stay anonymous, and services to refer them to.",
        ),
        "rationale": (
            "Ligne d'écoute suivie depuis des années, dont les rapports publiés montrent des "
            "résultats encourageants."
        ),
    },
    "regle-de-la-culotte": {
        "references": [
            (
                "guideline",
                "Conseil de l'Europe",
                None,
                "La règle « On ne touche pas ici » – guide pour les parents",
                "Conseil de l'Europe",
                "",
                "https://www.coe.int/",
            ),
        ],
        "resources": (
            "Des supports gratuits : guide pour les parents, livre et vidéos pour les enfants.",
            "Free materials: a guide for parents, a book and videos for children.",
        ),
        "cost_range": "none",
        "transferability": (
            "Les supports existent dans de nombreuses langues ; il suffit de les diffuser "
            "auprès des parents et des écoles.",
            "The materials exist in many languages; they need only be shared with parents and "
            "schools.",
        ),
    },
    "prevention-ecoles-enfant-bleu": {
        "staffing": (
            "Des intervenants de l'association, avec les enseignants.",
            "Speakers from the association, with the teachers.",
        ),
        "duration": ("Une séance par classe.", "One session per class."),
        "cost_range": "low",
    },
}

# Meetings of the Paris group: an earlier one whose minutes the held one approved, one held
# (with minutes, decisions, action items; its draft minutes await approval), one coming.
EARLIER_MEETING = {
    "title": "Réunion de lancement – circuit de l'enfant victime",
    "days_ago": 95,
    "place": "Maison des associations, Paris 17e",
    "minutes": (
        "## Participants\n\nLa coordination, la police, le parquet, l'UMJ et la CRIP.\n\n"
        "## Échanges\n\n- Tour de table des pratiques de chacun.\n"
        "- Choix des deux premiers thèmes : l'audition et les informations préoccupantes.\n"
    ),
    "public_summary": "Réunion de lancement du groupe parisien.",
    "agenda": [("Tour de table des pratiques", "coordination@example.org", "", 60)],
    "present": [
        "coordination@example.org",
        "membre.police@example.org",
        "membre.umj@example.org",
        "substitut@example.org",
        "crip@example.org",
    ],
}

# The held meeting's minutes: corrected once after the meeting (two versions), with one
# member's comment, awaiting approval at the next meeting.
PAST_MEETING_CORRECTION = (
    "\n## Correction\n\nLe délai moyen de transmission cité était de douze jours, "
    "et non de vingt.\n"
)
PAST_MEETING_COMMENT = (
    "membre.police@example.org",
    "Le délai de douze jours concerne les écoles élémentaires seulement : pouvez-vous le "
    "préciser dans le compte rendu ?",
)

PAST_MEETING = {
    "title": "Réunion plénière – protocole d'audition des mineurs",
    "days_ago": 40,
    "place": "Maison des associations, Paris 17e",
    "minutes": (
        "## Participants\n\nLes représentants de la police, du parquet, de l'UMJ, de la CRIP, "
        "de l'Éducation nationale et de deux associations.\n\n"
        "## Échanges\n\n- Retour d'expérience sur les auditions filmées à l'hôpital.\n"
        "- Délais de transmission des informations préoccupantes entre écoles et CRIP.\n"
        "- Besoin d'une fiche commune d'orientation des familles.\n"
    ),
    "public_summary": (
        "Réunion consacrée à l'audition des enfants victimes et à la circulation des "
        "informations préoccupantes entre les acteurs parisiens."
    ),
    # (title, presenter, practice examined, planned minutes)
    "agenda": [
        ("Auditions filmées : retour d'expérience", "membre.umj@example.org", "uaped", 50),
        (
            "Délais de transmission des informations préoccupantes",
            "crip@example.org",
            "crip",
            60,
        ),
    ],
    # (agenda item, decision, public note: None keeps it members-only). The public ones show
    # each progress state through the action items that carry them out.
    "decisions": [
        (
            0,
            "Rédiger une fiche commune d'orientation des familles après l'audition.",
            "Une première version circule entre les services ; elle sera testée avec des "
            "familles volontaires.",
        ),
        (
            1,
            "Tester pendant trois mois un accusé de réception systématique de la CRIP aux écoles.",
            "L'expérimentation a commencé ; les délais seront publiés à la fin du trimestre.",
        ),
        (
            1,
            "Publier la liste des points de contact de chaque service pour les écoles.",
            "La liste a été diffusée à tous les établissements parisiens.",
        ),
        (
            0,
            "Créer un espace d'échange en ligne réservé aux enquêteurs et aux médecins.",
            "Abandonné : les outils sécurisés existants des services suffisent.",
        ),
        (
            0,
            "Organiser une formation commune à l'audition pour les nouveaux arrivants.",
            "Prévue au second semestre.",
        ),
        (1, "Faire le point sur les délais de la CRIP à la prochaine réunion.", None),
    ],
    # (agenda item, action, owner, due in days, status, decision carried out or None)
    "actions": [
        (
            0,
            "Proposer une première version de la fiche d'orientation",
            "membre.police@example.org",
            -5,
            "in-progress",
            0,
        ),
        (
            1,
            "Mesurer les délais de transmission sur un trimestre",
            "crip@example.org",
            30,
            "open",
            1,
        ),
        (
            1,
            "Informer les chefs d'établissement de l'expérimentation",
            "sante-scolaire@example.org",
            -10,
            "done",
            1,
        ),
        (
            1,
            "Rassembler les coordonnées des services",
            "crip@example.org",
            -20,
            "done",
            2,
        ),
        (
            1,
            "Envoyer la liste des contacts aux écoles",
            "sante-scolaire@example.org",
            -15,
            "done",
            2,
        ),
        (
            0,
            "Comparer les outils d'échange sécurisés",
            "membre.umj@example.org",
            -25,
            "dropped",
            3,
        ),
        (
            0,
            "Réserver une salle pour la formation commune",
            "coordination@example.org",
            60,
            "open",
            4,
        ),
    ],
    "present": [
        "coordination@example.org",
        "membre.police@example.org",
        "membre.umj@example.org",
        "substitut@example.org",
        "crip@example.org",
        "sante-scolaire@example.org",
        "voix@example.org",
    ],
    # Of the people present, those who took part online (the others came in person).
    "remote": ["substitut@example.org", "voix@example.org"],
    "excused": ["enfant-bleu@example.org"],
}

NEXT_MEETING = {
    "title": "Réunion plénière – prévention en milieu scolaire",
    "days_ahead": 21,
    "place": "Maison des associations, Paris 17e",
    # Hybrid: the link shows to the invitees only, from half an hour before the start.
    "online_url": "https://visio.example.org/pleniere-paris-prevention",
    "agenda": [
        (
            "Présentation des actions de prévention de L'Enfant Bleu",
            "enfant-bleu@example.org",
            "prevention-ecoles-enfant-bleu",
            45,
        ),
        (
            "Fiche commune d'orientation des familles : première version",
            "membre.police@example.org",
            "",
            40,
        ),
        ("Calendrier des interventions dans les écoles", "sante-scolaire@example.org", "", 30),
    ],
    # Papers joined to agenda items (item index, title, file name, lines of the PDF).
    "papers": [
        (
            0,
            "Programme des séances de prévention 2026-2027",
            "programme-prevention.pdf",
            [
                "L'Enfant Bleu - programme des seances de prevention",
                "Une seance par classe, du CE2 au CM2.",
                "Intervenants : l'association et les enseignants.",
            ],
        ),
        (
            1,
            "Fiche d'orientation des familles – projet",
            "fiche-orientation-projet.pdf",
            [
                "Fiche commune d'orientation des familles - projet",
                "Apres l'audition : qui appeler, ou aller, quels delais.",
            ],
        ),
    ],
    "confirmed": ["coordination@example.org", "membre.police@example.org"],
    "invited": [
        "membre.umj@example.org",
        "substitut@example.org",
        "crip@example.org",
        "sante-scolaire@example.org",
        "voix@example.org",
        "enfant-bleu@example.org",
    ],
}

# Members' improvement suggestions on the Paris group's practices, with a short discussion:
# (practice, author, text, status, coordinators' answer, discussion, on the next meeting's
# agenda, taken up in the practice's current version).
SUGGESTIONS = [
    (
        "uaped",
        "membre.police@example.org",
        "Indiquer les horaires d'accueil de nuit de l'unité et le numéro à appeler pour "
        "prévenir l'équipe avant d'y conduire un enfant.",
        "open",
        "",
        [
            (
                "membre.umj@example.org",
                "À l'Hôtel-Dieu, l'équipe est prévenue par le standard des urgences : je peux "
                "proposer une formulation.",
            ),
            (
                "coordination@example.org",
                "Merci à tous les deux : je mets la question à l'ordre du jour de la prochaine "
                "réunion plénière.",
            ),
        ],
        True,
        False,
    ),
    (
        "crip",
        "membre.umj@example.org",
        "Préciser dans quel délai la CRIP accuse réception d'une information préoccupante "
        "transmise par un médecin.",
        "taken-up",
        "Ajouté à la description : pendant l'expérimentation, la CRIP accuse réception sous "
        "huit jours.",
        [
            (
                "membre.police@example.org",
                "Ce serait utile aussi pour les signalements transmis par les commissariats.",
            ),
        ],
        False,
        True,
    ),
    (
        "allo-119",
        "membre.police@example.org",
        "Mentionner le tchat ouvert aux moins de 21 ans, que beaucoup d'adolescents préfèrent "
        "au téléphone.",
        "open",
        "",
        [],
        False,
        False,
    ),
]

# A public subscriber (no account) to the practices involving the police (subscriptions app).
SUBSCRIBER = "abonne.public@example.org"

# Practices proposed from outside the network (proposals app): real public practices of other
# Council of Europe countries, described in our own words; the proposers are fictional.
# (title, country, sector codes, proposer name, organisation, email, language, summary,
#  description, website, days since confirmation, decline message or None)
PROPOSALS = [
    (
        "La maison de l'enfant (Hiša za otroke) en Slovénie",
        "SI",
        ["police", "justice", "medico-legal", "child-welfare"],
        "Ingrid Exempelsen",
        "Association slovène de démonstration",
        "ingrid.exempel@example.net",
        "fr",
        "À Ljubljana, une maison de l'enfant accueille l'enfant victime ou témoin de violences "
        "sexuelles : audition judiciaire, examen médical et soutien au même endroit.",
        "Inspirée du modèle nordique Barnahus et prévue par une loi de 2021 sur la protection "
        "des enfants dans la procédure pénale, la maison de l'enfant réunit l'audition de "
        "l'enfant par un professionnel formé, suivie par le juge et les parties depuis une "
        "autre pièce, l'examen médical et l'accompagnement de l'enfant et de sa famille, pour "
        "éviter à l'enfant de répéter son récit d'un service à l'autre.",
        "",
        3,
        None,
    ),
    (
        "The Children's House in Cyprus",
        "CY",
        ["police", "child-welfare", "medico-legal", "education"],
        "Andreas Example",
        "Demo child-rights network",
        "andreas.example@example.net",
        "en",
        "A single child-friendly place in Nicosia where a child who may have been sexually "
        "abused is interviewed, examined and supported, instead of going from one service to "
        "the next.",
        "Built on the Nordic Barnahus model, the Children's House brings together the police, "
        "the social welfare services, health professionals and the education system. Forensic "
        "interviews are recorded so that the child does not have to repeat the account, and "
        "therapists follow the child and the family afterwards.",
        "",
        1,
        None,
    ),
    (
        "Kein Täter werden – prévention auprès des personnes attirées par les enfants",
        "DE",
        ["medico-legal"],
        "Jonas Beispiel",
        "Cabinet de démonstration",
        "jonas.beispiel@example.net",
        "fr",
        "Un programme de consultations confidentielles et gratuites pour les personnes qui "
        "ressentent une attirance sexuelle envers les enfants et veulent ne jamais passer à "
        "l'acte.",
        "Né à l'hôpital universitaire de la Charité à Berlin, le réseau propose une thérapie "
        "dans plusieurs villes d'Allemagne, sous le secret médical.",
        "https://www.kein-taeter-werden.de/",
        20,
        "Merci pour cette proposition. Le catalogue recense des pratiques qui associent "
        "plusieurs secteurs (justice, police, santé, protection de l'enfance, éducation, "
        "associations) ; telle que décrite, celle-ci relève du seul secteur de la santé. Si "
        "elle travaille avec d'autres services, n'hésitez pas à la proposer de nouveau en le "
        "décrivant.",
    ),
]

# ---------------------------------------------------------------- territorial protocols
# Protocols of the kinds the working groups keep, described in our own words from public
# facts. The exact texts of these agreements are not public: each summary says the record is
# illustrative, and the time limits of the steps are illustrative too.

# Extra public bodies the Icelandic protocol needs (real institutions).
PROTOCOL_ORGANISATIONS = [
    (
        "logreglan-hofudborgarsvaedinu",
        "Lögreglan á höfuðborgarsvæðinu",
        "LRH",
        "police",
        "public",
        "iceland",
        "https://www.logreglan.is/",
        "La police de la région capitale islandaise, qui enquête sur les violences faites aux "
        "enfants à Reykjavík et alentour.",
        "The police of Iceland's capital region, which investigates violence against children "
        "in and around Reykjavík.",
    ),
    (
        "heradsdomur-reykjavikur",
        "Héraðsdómur Reykjavíkur",
        "",
        "justice",
        "public",
        "iceland",
        "https://www.heradsdomstolar.is/",
        "Le tribunal de district de Reykjavík : un juge peut y ordonner l'audition d'un enfant "
        "victime, menée à la Barnahús.",
        "The Reykjavík District Court: a judge may order the hearing of a child victim, held "
        "at the Barnahús.",
    ),
]

ILLUSTRATIVE_FR = (
    " Le texte exact de cet accord n'est pas public : cette fiche est illustrative, comme les "
    "délais indiqués."
)
ILLUSTRATIVE_EN = (
    " The exact text of this agreement is not public: this record is illustrative, and so are "
    "the time limits shown."
)

# Each protocol: its fields, signatories (organisation slug, role), steps (what FR, what EN,
# organisation slug or "" , sector code or "", time limit FR, time limit EN, legal basis).
PROTOCOLS = [
    {
        "slug": "paris-informations-preoccupantes",
        "title_fr": "Protocole parisien de recueil et de traitement des informations préoccupantes",
        "title_en": "Paris protocol on receiving and handling concerns about children",
        "summary_fr": (
            "Comment une inquiétude pour un enfant, venue d'une école, d'un hôpital ou d'une "
            "association, est transmise à la cellule de recueil des informations préoccupantes "
            "de Paris, évaluée, signalée au parquet quand elle relève d'une infraction, puis "
            "suivie jusqu'au retour vers la personne qui l'a transmise." + ILLUSTRATIVE_FR
        ),
        "summary_en": (
            "How a concern about a child, raised by a school, a hospital or an association, "
            "reaches the Paris child-protection referral unit, is assessed, reported to the "
            "prosecutor when it may be an offence, and followed up until the person who raised "
            "it is told what came of it." + ILLUSTRATIVE_EN
        ),
        "kind": "referral-pathway",
        "territory": "paris",
        "status": "in-force",
        "visibility": "public",
        "signed_on": date(2022, 11, 20),
        "in_force_from": date(2023, 1, 1),
        "in_force_until": None,
        "next_review_on": date(2026, 12, 31),
        "practices": ["crip"],
        "signatories": [
            ("ase-paris-crip-75", "signatory"),
            ("parquet-de-paris-section-des-mineurs", "signatory"),
            ("academie-de-paris", "signatory"),
            ("brigade-de-protection-des-mineurs", "signatory"),
            ("umj-hotel-dieu", "associated"),
        ],
        "steps": [
            (
                "Un professionnel transmet l'information préoccupante à la CRIP (ou saisit "
                "directement le parquet en cas de danger grave et immédiat).",
                "A professional sends the concern to the referral unit (or goes straight to "
                "the prosecutor when the danger is serious and immediate).",
                "academie-de-paris",
                "",
                "le jour même",
                "the same day",
                "Code de l'action sociale et des familles, art. L226-2-1",
            ),
            (
                "La CRIP enregistre l'information, vérifie l'urgence et lance l'évaluation "
                "pluridisciplinaire de la situation de l'enfant.",
                "The referral unit records the concern, checks how urgent it is and starts a "
                "multidisciplinary assessment of the child's situation.",
                "ase-paris-crip-75",
                "",
                "sous 3 mois au plus (évaluation)",
                "within 3 months at most (assessment)",
                "Code de l'action sociale et des familles, art. L226-3",
            ),
            (
                "Si les faits peuvent constituer une infraction, la CRIP ou le professionnel "
                "signale au parquet, section des mineurs, qui décide des suites.",
                "If the facts may be an offence, the unit or the professional reports to the "
                "prosecutor's juvenile section, who decides what follows.",
                "parquet-de-paris-section-des-mineurs",
                "",
                "sous 24 heures",
                "within 24 hours",
                "Code de procédure pénale, art. 40",
            ),
            (
                "Sur instruction du parquet, la Brigade de protection des mineurs entend "
                "l'enfant dans une salle adaptée, enregistrée, de préférence en unité d'accueil "
                "pédiatrique.",
                "On the prosecutor's instruction, the child-protection police unit interviews "
                "the child in a suitable, recorded room, preferably in a paediatric unit for "
                "child victims.",
                "brigade-de-protection-des-mineurs",
                "",
                "sous 7 jours",
                "within 7 days",
                "Code de procédure pénale, art. 706-52",
            ),
            (
                "L'unité médico-judiciaire examine l'enfant sur réquisition et transmet ses "
                "constatations à l'enquête.",
                "The forensic medical unit examines the child on requisition and sends its "
                "findings to the investigators.",
                "umj-hotel-dieu",
                "",
                "sous 48 heures",
                "within 48 hours",
                "",
            ),
            (
                "La CRIP informe la personne qui a transmis l'information des suites données, "
                "et l'enfant est suivi par l'aide sociale à l'enfance si besoin.",
                "The referral unit tells the person who raised the concern what came of it, "
                "and child welfare follows the child where needed.",
                "ase-paris-crip-75",
                "",
                "à la fin de l'évaluation",
                "at the end of the assessment",
                "Code de l'action sociale et des familles, art. L226-5",
            ),
        ],
    },
    {
        "slug": "paris-convention-uaped",
        "title_fr": "Convention pour une unité d'accueil pédiatrique enfants en danger à Paris",
        "title_en": "Convention for a paediatric unit for children at risk in Paris",
        "summary_fr": (
            "Une convention entre l'hôpital, le parquet, la police et le département pour "
            "entendre et examiner les enfants victimes en un seul lieu, à l'hôpital, avec "
            "l'appui d'une association." + ILLUSTRATIVE_FR
        ),
        "summary_en": (
            "A convention between the hospital, the prosecutor, the police and the county "
            "council to hear and examine child victims in one place, at the hospital, with "
            "an association's support." + ILLUSTRATIVE_EN
        ),
        "kind": "service-convention",
        "territory": "paris",
        "status": "in-preparation",
        "visibility": "members",
        "signed_on": None,
        "in_force_from": None,
        "in_force_until": None,
        "next_review_on": None,
        "practices": ["uaped"],
        "signatories": [
            ("umj-hotel-dieu", "signatory"),
            ("parquet-de-paris-section-des-mineurs", "signatory"),
            ("brigade-de-protection-des-mineurs", "signatory"),
            ("ase-paris-crip-75", "signatory"),
            ("la-voix-de-l-enfant", "associated"),
        ],
        "steps": [],
    },
    {
        "slug": "france-119-crip",
        "title_fr": "Partage d'informations entre le 119 et les cellules départementales",
        "title_en": "Information sharing between the 119 helpline and the county referral units",
        "summary_fr": (
            "Le service national d'accueil téléphonique transmet à la cellule du département "
            "concerné les appels qui révèlent un enfant en danger ou en risque de l'être, et "
            "la cellule lui fait connaître les suites." + ILLUSTRATIVE_FR
        ),
        "summary_en": (
            "The national helpline passes to the referral unit of the county concerned the "
            "calls that reveal a child in danger or at risk, and the unit tells it what "
            "followed." + ILLUSTRATIVE_EN
        ),
        "kind": "information-sharing",
        "territory": "france",
        "status": "in-force",
        "visibility": "public",
        "signed_on": date(2021, 6, 1),
        "in_force_from": date(2021, 7, 1),
        "in_force_until": None,
        "next_review_on": date(2027, 7, 1),
        "practices": [],
        "signatories": [
            ("snated-119", "signatory"),
            ("ase-paris-crip-75", "signatory"),
        ],
        "steps": [
            (
                "Un écoutant du 119 recueille l'appel et rédige une information préoccupante.",
                "A 119 call handler takes the call and writes up a concern.",
                "snated-119",
                "",
                "pendant l'appel",
                "during the call",
                "Code de l'action sociale et des familles, art. L226-6",
            ),
            (
                "Le 119 transmet l'information à la CRIP du département de l'enfant.",
                "The helpline sends the concern to the referral unit of the child's county.",
                "snated-119",
                "",
                "sous 24 heures",
                "within 24 hours",
                "",
            ),
            (
                "La CRIP évalue la situation et informe le 119 des suites données.",
                "The referral unit assesses the situation and tells the helpline what followed.",
                "",
                "child-welfare",
                "à la fin de l'évaluation",
                "at the end of the assessment",
                "",
            ),
        ],
    },
    {
        "slug": "islande-audition-barnahus",
        "title_fr": "Audition des enfants victimes à la Barnahús de Reykjavík",
        "title_en": "Hearing child victims at the Reykjavík Barnahús",
        "summary_fr": (
            "Depuis 1998, les enfants victimes de violences sexuelles sont entendus en Islande "
            "à la Barnahús, sur décision d'un juge, par un professionnel formé, pendant que "
            "la police, le parquet, la défense et la protection de l'enfance suivent "
            "l'audition depuis une salle voisine ; l'enfant y est ensuite examiné et "
            "soigné." + ILLUSTRATIVE_FR
        ),
        "summary_en": (
            "Since 1998, child victims of sexual abuse in Iceland are heard at the Barnahús, "
            "on a judge's order, by a trained interviewer, while the police, prosecution, "
            "defence and child welfare follow the hearing from a room next door; the child "
            "is then examined and treated there." + ILLUSTRATIVE_EN
        ),
        "kind": "joint-interview",
        "territory": "iceland",
        "status": "in-force",
        "visibility": "public",
        "signed_on": date(1998, 11, 1),
        "in_force_from": date(1998, 11, 1),
        "in_force_until": None,
        "next_review_on": date(2027, 1, 1),
        "practices": ["barnahus-islande"],
        "signatories": [
            ("barnahus-iceland", "signatory"),
            ("logreglan-hofudborgarsvaedinu", "signatory"),
            ("heradsdomur-reykjavikur", "associated"),
        ],
        "steps": [
            (
                "La protection de l'enfance ou la police demande une audition à la Barnahús.",
                "Child welfare or the police ask for a hearing at the Barnahús.",
                "logreglan-hofudborgarsvaedinu",
                "",
                "sous 48 heures",
                "within 48 hours",
                "",
            ),
            (
                "Le juge ordonne l'audition, menée par un professionnel formé de la Barnahús.",
                "The judge orders the hearing, held by a trained Barnahús interviewer.",
                "heradsdomur-reykjavikur",
                "",
                "sous 7 jours",
                "within 7 days",
                "",
            ),
            (
                "L'enfant est examiné et commence, si besoin, un suivi thérapeutique sur place.",
                "The child is examined and, where needed, starts therapy on site.",
                "barnahus-iceland",
                "",
                "après l'audition",
                "after the hearing",
                "",
            ),
        ],
    },
]
