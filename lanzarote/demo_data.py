"""Demo data: real, public Paris organisations described in our own words; fictional people.

Sources are the organisations' own public websites. People and their contact details are
invented (addresses under example.org, numbers in a fictional range).
"""

from datetime import date

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
