#!/usr/bin/env python3
"""Generate the bundled demo event "PyCon Demo 2027" in both import formats.

Writes, relative to the repository root:

  config/demo/event.ini             event description (docs/import-formats.md)
  config/demo/registrations.csv     ~300 attendees, generic CSV
  config/demo/pretix-orders.json    the same attendees as pretix "Order data (JSON)"
  tests/data/demo-update.csv        a later export of the same event (CSV)
  tests/data/demo-update-pretix.json  the same later export (pretix JSON)

Python 3 standard library only, fixed seed, no network: two runs give
byte-identical files.  All people, companies and e-mail addresses are
fictional (e-mail domains are example.com, example.org and example.net).

Expected counts when demo-update.csv (or demo-update-pretix.json) is imported
over registrations.csv (or pretix-orders.json), matching on ticket_id:

  EXPECTED_UPDATE = added 5, updated 6, cancelled 4, unchanged 290

  added     5: five new registrations (four new orders)
  updated   6: 2 pending -> paid, 2 changed e-mails, 1 changed badge name,
               1 regenerated secret
  cancelled 4: 3 paid -> cancelled, 1 paid -> refunded (status "c" in
               pretix JSON, "refunded" in CSV)
  unchanged 290 of the 300 existing attendees
"""

import copy
import csv
import datetime as dt
import io
import json
import os
import random
import sys
import unicodedata

EXPECTED_UPDATE = {"added": 5, "updated": 6, "cancelled": 4, "unchanged": 290}

SEED = 20270512
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

EVENT_NAME = "PyCon Demo 2027"
EVENT_SLUG = "pycon-demo-2027"

# Ticket types: slug, label, badge colour, pretix items (id, name, price).
TICKET_TYPES = [
    ("individual", "Individual", "#1565C0",
     [(311, "Individual (early bird)", "300.00"), (312, "Individual", "400.00")]),
    ("corporate", "Corporate", "#2E7D32", [(313, "Corporate", "750.00")]),
    ("student", "Student", "#F9A825", [(314, "Student", "100.00")]),
    ("speaker", "Speaker", "#C62828", [(315, "Speaker", "0.00")]),
    ("sponsor", "Sponsor", "#6A1B9A", [(316, "Sponsor booth staff", "0.00")]),
    ("staff", "Staff", "#212121", [(317, "Staff", "0.00")]),
    ("volunteer", "Volunteer", "#00838F", [(318, "Volunteer", "0.00")]),
]
TYPE_ITEMS = {slug: items for slug, _, _, items in TICKET_TYPES}

# Attendees per ticket type (sums to 300).
TYPE_COUNTS = {"individual": 112, "corporate": 90, "student": 30,
               "speaker": 25, "sponsor": 15, "staff": 8, "volunteer": 20}

# Time slots: (date, start, end).
SLOTS = [("2027-05-12", "09:00", "12:30"), ("2027-05-12", "13:30", "17:00"),
         ("2027-05-13", "09:00", "12:30"), ("2027-05-13", "13:30", "17:00")]
ROOMS = ["101A", "102B", "103C"]

# Tutorials: slug, title, slot index, popularity weight.  Capacities are
# derived from the registrations below (some exactly full, one nearly full).
TUTORIALS = [
    ("pandas-intro", "Data analysis with pandas, from CSV to insight", 0, 9),
    ("asyncio-practice", "Async Python in practice: asyncio from the ground up", 0, 5),
    ("packaging-pyproject", "Packaging Python projects with pyproject.toml", 0, 3),
    ("fastapi-web-apis", "Building web APIs with FastAPI and Pydantic", 1, 8),
    ("pytest-effective", "Effective testing with pytest", 1, 6),
    ("rust-extensions", "Writing fast Python extensions in Rust with PyO3", 1, 3),
    ("scikit-learn-ml", "Machine learning with scikit-learn", 2, 9),
    ("django-first-app", "Your first Django app, step by step", 2, 5),
    ("typing-mypy", "Type hints and mypy for real codebases", 2, 3),
    ("polars-duckdb", "Fast dataframes with Polars and DuckDB", 3, 7),
    ("geopandas-maps", "Geospatial Python with GeoPandas and Shapely", 3, 4),
    ("accessible-dataviz", "Accessible data visualisation with Matplotlib", 3, 3),
]
TUTORIAL_ITEM_BASE = 401
FULL_TUTORIALS = ["pandas-intro", "scikit-learn-ml", "fastapi-web-apis"]
NEARLY_FULL = ["polars-duckdb"]

SPONSORS = [
    ("pythonic-cloud", "Pythonic Cloud"), ("serpent-systems", "Serpent Systems"),
    ("datawise", "Datawise Analytics"), ("blue-heron-bank", "Blue Heron Bank"),
    ("kestrel-robotics", "Kestrel Robotics"), ("lumen-health", "Lumen Health"),
    ("tidewater-labs", "Tidewater Labs"), ("nimbus-data", "Nimbus Data"),
    ("orbital-freight", "Orbital Freight"), ("mosaic-learning", "Mosaic Learning"),
]

# pretix ids of things that are neither tickets nor tutorials: importers
# must ignore positions of these items.
DONATION_ITEM = 421   # stand-alone position
AUCTION_ITEM = 422    # add-on to an admission position, not a tutorial

Q_PRONOUNS, Q_CONSENT, Q_TSHIRT = 61, 62, 63

# pretix's alphabets (pretix.base.models.orders): no 0/O, 1/I/L confusion.
ORDER_CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ3789"
SECRET_CHARS = "abcdefghjkmnpqrstuvwxyz23456789"

TUT_BY_SLUG = {t[0]: t for t in TUTORIALS}
TUT_ITEM = {t[0]: TUTORIAL_ITEM_BASE + i for i, t in enumerate(TUTORIALS)}

# ---------------------------------------------------------------------------
# People.  The hand-made ones carry tags naming what is tricky about them.
# (tags, given, family, badge or None for "given family", email, type,
#  company, group).  Members of one group share an order.

NFD_RENEE = unicodedata.normalize("NFD", "Renée")
NFD_AMELIE = unicodedata.normalize("NFD", "Amélie")

LONG80 = "María de los Ángeles Fernández-Castillo de la Vega y Montenegro Santisteban Ruiz"
LONG61 = "Oluwaseun Babatunde Adeyemi-Ogunleye Akintola Olamide Fashola"

SPECIAL = [
    # Latin with diacritics
    (["latin-diacritics"], "Zoë", "Müller", None, "zoe.mueller@example.com", "individual", "Pixel Orchard", None),
    (["latin-diacritics"], "José", "Álvarez", None, "jose.alvarez@example.org", "speaker", "Café Código S.A.", None),
    (["latin-diacritics"], "Łukasz", "Wójcik", None, "lukasz.wojcik@example.net", "corporate", "Foo, Inc.", "foo"),
    (["latin-diacritics"], "Thị Hương", "Ngụy", "Ngụy Thị Hương", "huong.nguy@example.com", "student", "Saigon Institute of Technology", None),
    (["latin-diacritics"], "Søren", "Østergaard", None, "soren@example.net", "individual", "Nordlys Energi AS", None),
    (["latin-diacritics"], "Emre", "Çelik", None, "emre.celik@example.org", "corporate", "Boğaziçi Yazılım A.Ş.", None),
    (["latin-diacritics"], "Ayşe", "Yılmaz", None, "ayse.yilmaz@example.org", "volunteer", "", None),
    (["latin-diacritics"], "Þórdís", "Guðmundsdóttir", None, "thordis@example.com", "individual", "", None),
    (["latin-diacritics"], "Jürgen", "Groß", None, "juergen.gross@example.net", "sponsor", "Kestrel Robotics", "spon-kestrel"),
    # Devanagari (Hindi, Marathi)
    (["devanagari"], "अनुराधा", "देशपांडे", None, "anuradha.deshpande@example.com", "speaker", "Sahyadri Data Labs", None),
    (["devanagari"], "सुरेश", "यादव", None, "suresh.yadav@example.org", "individual", "", None),
    (["devanagari"], "प्रिया", "वर्मा", None, "priya.verma@example.net", "student", "Kaveri College of Engineering", None),
    # Telugu
    (["telugu"], "శ్రీనివాస్", "రెడ్డి", None, "srinivas.reddy@example.com", "corporate", "Tarka Cloud Pvt. Ltd.", "tarka"),
    (["telugu"], "లావణ్య", "చౌదరి", None, "lavanya.chowdary@example.org", "individual", "", None),
    # Tamil
    (["tamil"], "கார்த்திக்", "சுப்பிரமணியன்", None, "karthik.s@example.net", "speaker", "Indus Data Systems Pvt. Ltd.", None),
    (["tamil"], "மீனாட்சி", "சுந்தரம்", None, "meenakshi.sundaram@example.com", "volunteer", "", None),
    # Kannada and Malayalam
    (["kannada"], "ಅನಿಲ್", "ಕುಮಾರ್", None, "anil.kumar@example.org", "corporate", "Tarka Cloud Pvt. Ltd.", "tarka"),
    (["kannada"], "ಕಾವ್ಯಾ", "ಹೆಗ್ಡೆ", None, "kavya.hegde@example.net", "student", "Kaveri College of Engineering", None),
    (["malayalam"], "അനൂപ്", "മേനോൻ", None, "anoop.menon@example.com", "individual", "Backwater Analytics", None),
    (["malayalam"], "ലക്ഷ്മി", "നായർ", None, "lakshmi.nair@example.org", "staff", "", None),
    # Arabic and Hebrew (right-to-left)
    (["arabic", "rtl"], "ليلى", "حداد", None, "layla.haddad@example.org", "speaker", "Cedar Analytics", None),
    (["arabic", "rtl"], "عمر", "الفاروق", None, "omar.alfarouq@example.com", "individual", "", None),
    (["arabic", "rtl"], "يوسف", "منصور", None, "youssef.mansour@example.net", "corporate", "Savanna Fintech", "savanna"),
    (["hebrew", "rtl"], "נועה", "כהן", None, "noa.cohen@example.net", "individual", "Quetzal Labs", None),
    (["hebrew", "rtl"], "איתי", "לוי", None, "itai.levi@example.com", "volunteer", "", None),
    # Chinese, Japanese (kanji + kana), Korean
    (["chinese", "cjk"], "小明", "王", "王小明", "xiaoming.wang@example.com", "corporate", "Bluefin Analytics", "bluefin"),
    (["chinese", "cjk"], "静", "李", "李静", "jing.li@example.org", "student", "Lakeside State University", None),
    (["chinese", "cjk"], "志强", "陈", "陈志强", "zhiqiang.chen@example.net", "speaker", "", None),
    (["japanese", "cjk"], "さくら", "佐藤", "佐藤 さくら", "sakura.sato@example.com", "corporate", "株式会社サンプル", "sample-kk"),
    (["japanese", "cjk"], "ハルト", "田中", "田中 ハルト", "haruto.tanaka@example.com", "corporate", "株式会社サンプル", "sample-kk"),
    (["japanese", "cjk"], "あおい", "渡辺", "渡辺 あおい", "aoi.watanabe@example.com", "corporate", "株式会社サンプル", "sample-kk"),
    (["korean", "cjk"], "민준", "김", "김민준", "minjun.kim@example.org", "individual", "Pixel Orchard", None),
    (["korean", "cjk"], "서연", "이", "이서연", "seoyeon.lee@example.net", "sponsor", "Nimbus Data", "spon-nimbus"),
    # Cyrillic and Greek
    (["cyrillic"], "Алексей", "Смирнов", None, "alexey.smirnov@example.com", "individual", "ООО «Пример Софт»", None),
    (["cyrillic"], "Євгенія", "Шевчук", None, "yevheniia.shevchuk@example.org", "speaker", "", None),
    (["cyrillic"], "Ольга", "Петренко", None, "olga.petrenko@example.net", "corporate", "Globex Corporation", "globex"),
    (["greek"], "Γιώργος", "Παπαδόπουλος", None, "giorgos.p@example.com", "individual", "", None),
    (["greek"], "Ελένη", "Νικολάου", None, "eleni.nikolaou@example.org", "student", "Aegean Technical University", None),
    # Emoji (one plain, one ZWJ sequence with a skin tone modifier)
    (["emoji"], "Sam", "Lee", "Sam 🐍 Lee", "sam.lee@example.com", "speaker", "Serpent Systems", None),
    (["emoji"], "Dana", "Okafor", "Dana 👩🏽\u200d💻 Okafor", "dana.okafor@example.net", "individual", "", None),
    # Very long names: exactly 80 characters, and over 60
    (["long80", "long"], "María de los Ángeles", "Fernández-Castillo de la Vega y Montenegro Santisteban Ruiz", None,
     "maria.fernandez-castillo@example.org", "individual", "Universidad de Montaña Alta", None),
    (["long"], "Oluwaseun Babatunde", "Adeyemi-Ogunleye Akintola Olamide Fashola", None,
     "seun.adeyemi@example.com", "corporate", "Kilimanjaro Mobile Ltd", None),
    # Mononyms (family name empty; one relies on the badge default)
    (["mononym"], "Sutrisno", "", "Sutrisno", "sutrisno@example.net", "volunteer", "", None),
    (["mononym"], "Ilango", "", None, "ilango@example.org", "student", "Kaveri College of Engineering", None),
    (["mononym"], "Lestari", "", "Lestari", "lestari@example.com", "sponsor", "Tidewater Labs", "spon-tidewater"),
    # Apostrophes (ASCII and typographic)
    (["apostrophe"], "Siobhán", "O'Connor", None, "siobhan.oconnor@example.com", "individual", "Harbor & Pine Consulting", None),
    (["apostrophe"], "Marco", "D'Angelo", None, "marco.dangelo@example.net", "corporate", "Foo, Inc.", "foo"),
    (["apostrophe"], "Aoife", "O’Brien", None, "aoife.obrien@example.org", "staff", "", None),
    # Double quotes
    (["quotes"], "Robert", "Tables", 'Robert "Bobby" Tables', "bobby@example.com", "individual", "Foo, Inc.", None),
    (["quotes"], "Margaret", "Chen", 'Margaret "Maggie" Chen', "maggie.chen@example.org", "speaker", 'The "Pythonistas" Collective', None),
    # Hyphenated double-barrelled names
    (["hyphen"], "Olivia", "Hartley-Whitmore", None, "olivia.hw@example.com", "individual", "Meridian Health Informatics", None),
    (["hyphen"], "Jean-Luc", "Moreau-Dubois", None, "jl.moreau-dubois@example.net", "corporate", "Globex Corporation", "globex"),
    (["hyphen"], "Ana Sofía", "Gómez-Peña", None, "anasofia.gomezpena@example.org", "student", "Instituto Tecnológico del Sur", None),
    # Combining accents (decomposed, NFD)
    (["nfd"], NFD_RENEE, "Fontaine", None, "renee.fontaine@example.com", "individual", "Lakeview Robotics", None),
    (["nfd"], NFD_AMELIE, "Gagnon", None, "amelie.gagnon@example.net", "volunteer", "", None),
    # Company name with an embedded line break
    (["linebreak-company"], "Hannah", "Becker", None, "hannah.becker@example.com", "corporate",
     "Northwind Traders\nData Platform Team", "northwind"),
    # Two different people with the same name
    (["same-name"], "Priya", "Sharma", None, "priya.sharma@example.com", "individual", "Tarka Cloud Pvt. Ltd.", None),
    (["same-name"], "Priya", "Sharma", None, "psharma@example.net", "student", "Deccan Institute of Technology", None),
]

# Hand-made people whose CSV row leaves badge_name empty, so the importer
# must build it from given_name and family_name (a mononym among them).
DEFAULT_BADGE = ["Ilango", "Olivia", "Søren", "सुरेश", "Ольга"]

REGIONS = {
    "india": (30,
              ["Aarav", "Rohan", "Ananya", "Vikram", "Deepika", "Karthik", "Sneha", "Arjun",
               "Kavya", "Siddharth", "Meera", "Rahul", "Pooja", "Aditya", "Harish", "Divya",
               "Nikhil", "Shreya", "Varun", "Ishita", "Pranav", "Nandini", "Abhishek", "Tanvi",
               "Sanjay", "Aishwarya", "Manoj", "Ritika", "Gaurav", "Swathi"],
              ["Iyer", "Patel", "Reddy", "Nair", "Menon", "Kulkarni", "Gupta", "Banerjee",
               "Chatterjee", "Rao", "Krishnan", "Singh", "Joshi", "Desai", "Mukherjee",
               "Pillai", "Agarwal", "Bhat", "Verma", "Kapoor", "Naidu", "Shetty", "Ghosh"]),
    "us": (20,
           ["Emily", "Michael", "Jessica", "David", "Ashley", "Chris", "Taylor", "Jordan",
            "Megan", "Kevin", "Brittany", "Tyler", "Rachel", "Brandon", "Lauren", "Justin",
            "Kayla", "Marcus", "Jasmine", "Ethan"],
           ["Johnson", "Williams", "Brown", "Miller", "Davis", "Wilson", "Anderson",
            "Thomas", "Moore", "Jackson", "Martin", "Thompson", "Robinson", "Walker",
            "Harris", "Clark", "Lewis", "Young"]),
    "europe": (18,
               ["Lukas", "Anna", "Giulia", "Lars", "Ingrid", "Pierre", "Camille", "Jan",
                "Eva", "Tomasz", "Katarzyna", "Felix", "Matteo", "Sofia", "Niels", "Elin",
                "Hugo", "Marta", "Pieter", "Ines"],
               ["Schmidt", "Rossi", "Jansen", "Dubois", "Novák", "Nielsen", "Kowalski",
                "Bianchi", "Fischer", "Lindqvist", "Moreau", "de Vries", "Wagner",
                "Ferrari", "Horváth", "Dvořák", "Andersson", "van Dijk"]),
    "latam": (12,
              ["Valentina", "Santiago", "Camila", "Mateus", "Luciana", "Diego", "Gabriela",
               "Rafael", "Fernanda", "Joaquín", "Mariana", "Andrés", "Larissa", "Tomás"],
              ["González", "Rodríguez", "Silva", "Pereira", "Hernández", "Ramírez",
               "Oliveira", "Castro", "Torres", "Souza", "Vargas", "Mendoza", "Rocha"]),
    "africa": (12,
               ["Chinedu", "Amara", "Kwame", "Wanjiru", "Tunde", "Thandiwe", "Kofi",
                "Nomvula", "Abebe", "Fatoumata", "Zainab", "Yaw", "Njeri", "Ifeoma"],
               ["Okafor", "Mensah", "Kamau", "Adeyemi", "Nkosi", "Osei", "Diallo",
                "Tesfaye", "Mwangi", "Boateng", "Eze", "Otieno", "Ndlovu"]),
    "asia": (8,
             ["Wei", "Hiroshi", "Yuki", "Min-jun", "Ji-woo", "Mei", "Kenji", "Hana",
              "Linh", "Arief", "Siti", "Jun"],
             ["Zhang", "Tanaka", "Kim", "Park", "Liu", "Suzuki", "Nguyen", "Chen",
              "Watanabe", "Tran", "Santoso", "Lim"]),
}

COMPANIES = ["Foo, Inc.", "Bluefin Analytics", "Cobalt Ridge Software", "Greenleaf Bio, LLC",
             "Harbor & Pine Consulting", "Indus Data Systems Pvt. Ltd.", "Quetzal Labs",
             "Savanna Fintech", "Meridian Health Informatics", "Lakeview Robotics",
             "Pixel Orchard", "Tarka Cloud Pvt. Ltd.", "Café Código S.A.", "Nordlys Energi AS",
             "Kilimanjaro Mobile Ltd", "Globex Corporation", "Initrode Systems",
             "Acme Widgets", "Brightwater Insurance", "Copperfield Games",
             "Sahyadri Data Labs", "Redwood Civic Tech", "Umami Logistics"]
UNIVERSITIES = ["Lakeside State University", "Riverbend Community College",
                "Instituto Tecnológico del Sur", "Kaveri College of Engineering",
                "Deccan Institute of Technology", "Université de Belmont",
                "Aegean Technical University", "Harambee University"]
CORPORATE_GROUPS = [  # company, sizes of its orders
    ("Foo, Inc.", [3]), ("Bluefin Analytics", [3, 1]), ("Globex Corporation", [4]),
    ("Savanna Fintech", [3]), ("Tarka Cloud Pvt. Ltd.", [3, 2]),
    ("株式会社サンプル", [3]), ("Northwind Traders\nData Platform Team", [2]),
    ("Indus Data Systems Pvt. Ltd.", [3]), ("Meridian Health Informatics", [2, 2]),
    ("Brightwater Insurance", [3]), ("Copperfield Games", [2]),
    ("Redwood Civic Tech", [3]), ("Cobalt Ridge Software", [4]),
    ("Greenleaf Bio, LLC", [2]), ("Umami Logistics", [3]), ("Initrode Systems", [2]),
    ("Quetzal Labs", [2]), ("Lakeview Robotics", [3]), ("Acme Widgets", [2, 3]),
    ("Harbor & Pine Consulting", [2]),
]
SPONSOR_GROUPS = [("Kestrel Robotics", 3), ("Nimbus Data", 3), ("Tidewater Labs", 3),
                  ("Pythonic Cloud", 3), ("Blue Heron Bank", 3)]

PRONOUNS = ["she/her"] * 30 + ["he/him"] * 30 + ["they/them"] * 9 + ["ze/zir"] * 2 + \
    ["she/they"] * 2 + ["he/they"] * 2
TSHIRTS = ["S", "M", "M", "L", "L", "XL", "2XL", "Fitted S", "Fitted M", "Fitted L", ""]


def ascii_fold(s):
    s = unicodedata.normalize("NFKD", s.replace("ø", "o").replace("Ø", "O")
                              .replace("ł", "l").replace("Ł", "L").replace("ß", "ss")
                              .replace("đ", "d").replace("þ", "th").replace("ð", "d")
                              .replace("ı", "i"))
    return "".join(c for c in s if not unicodedata.combining(c) and ord(c) < 128)


class Gen:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.codes = set()
        self.secrets = set()
        self.emails = set()

    def order_code(self):
        while True:
            c = "".join(self.rng.choice(ORDER_CODE_CHARS) for _ in range(5))
            if c not in self.codes:
                self.codes.add(c)
                return c

    def secret(self):
        while True:
            s = "".join(self.rng.choice(SECRET_CHARS) for _ in range(32))
            if s not in self.secrets:
                self.secrets.add(s)
                return s

    def email_for(self, given, family):
        g = ascii_fold(given).lower().replace(" ", "").replace("'", "")
        f = ascii_fold(family).lower().replace(" ", "").replace("'", "")
        shape = self.rng.choice(["{g}.{f}", "{g}.{f}", "{g}{f}", "{g0}{f}", "{g}_{f}",
                                 "{g}", "{g}.{f}+pycon"])
        local = shape.format(g=g, f=f, g0=g[:1])
        if shape == "{g}":
            local = g + str(self.rng.randint(7, 99))
        dom = self.rng.choice(["example.com", "example.com", "example.org", "example.net"])
        email = "%s@%s" % (local, dom)
        n = 2
        while email in self.emails:
            email = "%s%d@%s" % (local, n, dom)
            n += 1
        self.emails.add(email)
        return email


def person(tags, given, family, badge, email, ttype, company):
    return {"tags": tags, "given": given, "family": family,
            "badge": badge if badge is not None else (given + " " + family).strip(),
            # badge_name column left empty when the default gives the same
            "badge_in_csv": badge is not None, "email": email, "type": ttype,
            "company": company}


def build_people(g):
    """All 300 attendees, grouped into orders (lists of people)."""
    rng = g.rng
    orders = []
    groups = {}
    counts = {t: 0 for t in TYPE_COUNTS}
    for tags, given, family, badge, email, ttype, company, grp in SPECIAL:
        g.emails.add(email)
        if badge is None and given not in DEFAULT_BADGE:
            badge = (given + " " + family).strip()
        p = person(list(tags), given, family, badge, email, ttype, company)
        counts[ttype] += 1
        if grp:
            groups.setdefault(grp, []).append(p)
        else:
            orders.append({"people": [p], "kind": ttype})
    # Ordinary names, no duplicate full names beyond the deliberate pair.
    used = {(s[1], s[2]) for s in SPECIAL}
    regions = sorted(REGIONS)
    weights = [REGIONS[r][0] for r in regions]

    def ordinary(ttype, company):
        while True:
            r = rng.choices(regions, weights)[0]
            given = rng.choice(REGIONS[r][1])
            family = rng.choice(REGIONS[r][2])
            if (given, family) not in used:
                used.add((given, family))
                break
        counts[ttype] += 1
        explicit = rng.random() < 0.75
        p = person([], given, family, given + " " + family if explicit else None,
                   g.email_for(given, family), ttype, company)
        return p

    # Corporate orders: join the hand-made group members with ordinary colleagues.
    grp_by_company = {}
    for grp, members in groups.items():
        grp_by_company.setdefault(members[0]["company"], []).append(members)
    for company, sizes in CORPORATE_GROUPS:
        pre = [m for ms in grp_by_company.pop(company, []) for m in ms
               if m["type"] == "corporate"]
        for size in sizes:
            people = []
            while pre and len(people) < size:
                people.append(pre.pop(0))
            while len(people) < size:
                people.append(ordinary("corporate", company))
            orders.append({"people": people, "kind": "corporate", "company": company})
        assert not pre, company
    for company, size in SPONSOR_GROUPS:
        pre = [m for ms in grp_by_company.pop(company, []) for m in ms]
        people = pre[:]
        while len(people) < size:
            people.append(ordinary("sponsor", company))
        orders.append({"people": people, "kind": "sponsor", "company": company})
    assert not grp_by_company, list(grp_by_company)
    # Remaining corporate singles, then the other types as single orders,
    # with a few individual orders of two.
    while counts["corporate"] < TYPE_COUNTS["corporate"]:
        company = rng.choice(COMPANIES)
        orders.append({"people": [ordinary("corporate", company)], "kind": "corporate",
                       "company": company})
    pairs = 0
    for ttype in ["individual", "student", "speaker", "staff", "volunteer"]:
        while counts[ttype] < TYPE_COUNTS[ttype]:
            if ttype == "individual" and pairs < 4 and TYPE_COUNTS[ttype] - counts[ttype] >= 2:
                pairs += 1
                people = [ordinary(ttype, pick_company(rng, ttype)) for _ in range(2)]
                orders.append({"people": people, "kind": "pair"})
                continue
            orders.append({"people": [ordinary(ttype, pick_company(rng, ttype))],
                           "kind": ttype})
    for t, n in TYPE_COUNTS.items():
        assert counts[t] == n, (t, counts[t], n)
    return orders


def pick_company(rng, ttype):
    if ttype == "student":
        return rng.choice(UNIVERSITIES) if rng.random() < 0.8 else ""
    if ttype in ("staff", "volunteer"):
        return rng.choice(COMPANIES) if rng.random() < 0.2 else ""
    return rng.choice(COMPANIES) if rng.random() < 0.6 else ""


def fill_details(g, orders):
    rng = g.rng
    # Orders are placed between mid January and early May 2027 (UTC).
    t0 = dt.datetime(2027, 1, 12, 15, 0, tzinfo=dt.timezone.utc)
    span = int((dt.datetime(2027, 5, 5, tzinfo=dt.timezone.utc) - t0).total_seconds())
    for o in orders:
        o["datetime"] = t0 + dt.timedelta(seconds=rng.randrange(span),
                                          milliseconds=rng.randrange(1000))
    orders.sort(key=lambda o: o["datetime"])
    for o in orders:
        o["code"] = g.order_code()
        o["status"] = "paid"
        o["locale"] = rng.choice(["en"] * 12 + ["es", "de", "pt-br", "ja", "fr"])
        o["phone"] = ("+1555555%04d" % rng.randrange(100, 200)) if rng.random() < 0.15 else None
        o["comment"] = ""
        o["extras"] = []  # (item, price, addon_to person index or None)
        people = o["people"]
        if len(people) > 1 and o["kind"] in ("corporate", "sponsor"):
            slug = ascii_fold(o["company"].split("\n")[0]).lower()
            slug = "".join(c for c in slug if c.isalnum())[:12] or "kabushiki"
            o["email"] = rng.choice(["billing", "accounts", "events", "travel"]) + "." + slug + "@example.com"
            o["comment"] = rng.choice(["", "", "PO 4500%d, invoice to accounts payable" % rng.randrange(1000, 9999)])
            for p in people:
                p["email_from_order"] = False
            # The purchaser sometimes attends herself and left the attendee e-mail empty.
            if rng.random() < 0.3 and not people[0]["tags"]:
                people[0]["email_from_order"] = True
                g.emails.discard(people[0]["email"])
                people[0]["email"] = o["email"]
        elif o["kind"] == "pair":
            # Two friends bought together; the attendee e-mails were left empty,
            # so both attendees share the order e-mail.
            o["email"] = people[0]["email"]
            for p in people:
                p["email_from_order"] = True
                p["email"] = o["email"]
        else:
            p = people[0]
            o["email"] = p["email"]
            p["email_from_order"] = rng.random() < 0.5
        for p in people:
            p["pronouns"] = rng.choice(PRONOUNS) if rng.random() < 0.7 else ""
            p["tshirt"] = rng.choice(TSHIRTS)
            p["consent"] = rng.random() < 0.6
            if p["consent"]:
                p["consent_csv"] = rng.choice(["yes", "yes", "true", "1"])
            else:
                p["consent_csv"] = rng.choice(["no", "no", "false", "0", "", ""])
            p["secret"] = g.secret()
            p["tutorials"] = []
        if rng.random() < 0.03:
            o["extras"].append((DONATION_ITEM, rng.choice(["25.00", "50.00", "100.00"]), None))
    return orders


def assign_statuses(rng, orders):
    """Statuses go to orders of ordinary people only, so every tricky name is
    a paid, printable badge."""
    plain = [o for o in orders if not any(p["tags"] for p in o["people"])]
    paying = [o for o in plain if o["people"][0]["type"] in ("individual", "student", "corporate")]
    singles = [o for o in paying if len(o["people"]) == 1]
    rng.shuffle(singles)
    want = [("cancelled", 7), ("pending", 5), ("refunded", 3), ("expired", 1)]
    for status, n in want:
        for _ in range(n):
            singles.pop()["status"] = status
    # One cancelled corporate order of two, one pending order of two.
    corp2 = [o for o in paying if len(o["people"]) == 2 and o["kind"] == "corporate"]
    corp2[0]["status"] = "cancelled"
    pair = [o for o in paying if o["kind"] == "pair"]
    pair[0]["status"] = "pending"
    # A free speaker ticket given back.
    spk = [o for o in plain if o["people"][0]["type"] == "speaker"]
    spk[0]["status"] = "cancelled"


def assign_tutorials(rng, orders):
    people = [p for o in orders for p in o["people"]]
    slots = [[t for t in TUTORIALS if t[2] == s] for s in range(4)]
    takers = rng.sample(range(len(people)), round(len(people) * 0.45))
    for i in sorted(takers):
        k = rng.choices([1, 2, 3, 4], [50, 28, 15, 7])[0]
        chosen = sorted(rng.sample(range(4), k))
        for s in chosen:
            t = rng.choices(slots[s], [x[3] for x in slots[s]])[0]
            people[i]["tutorials"].append(t[0])
        rng.shuffle(people[i]["tutorials"])
    # A few orders also carry a non-tutorial add-on (charity auction).
    for o in orders:
        for idx in range(len(o["people"])):
            if rng.random() < 0.02:
                o["extras"].append((AUCTION_ITEM, "35.00", idx))


def active(o):
    return o["status"] in ("paid", "pending")


def tutorial_counts(orders):
    n = {t[0]: 0 for t in TUTORIALS}
    for o in orders:
        if active(o):
            for p in o["people"]:
                for t in p["tutorials"]:
                    n[t] += 1
    return n


def capacities(rng, orders):
    n = tutorial_counts(orders)
    cap = {}
    for slug, *_ in TUTORIALS:
        if slug in FULL_TUTORIALS:
            cap[slug] = n[slug]
        elif slug in NEARLY_FULL:
            cap[slug] = n[slug] + 1
        else:
            cap[slug] = max(8, min(40, n[slug] + rng.randint(4, 14)))
        assert 8 <= cap[slug] <= 40 and cap[slug] >= n[slug], (slug, n[slug], cap[slug])
    return cap


def assign_positions(rng, orders, first_id):
    pid = first_id
    for o in orders:
        pid += rng.randint(1, 40)  # other events' orders in between
        positions = []
        for idx, p in enumerate(o["people"]):
            p["tid"] = pid
            positions.append(("ticket", idx, pid))
            pid += 1
            for t in p["tutorials"]:
                positions.append(("tutorial", idx, pid, t))
                pid += 1
            for item, price, addon in o["extras"]:
                if addon == idx:
                    positions.append(("extra", idx, pid, item, price))
                    pid += 1
        for item, price, addon in o["extras"]:
            if addon is None:
                positions.append(("extra", None, pid, item, price))
                pid += 1
        o["positions"] = positions
        o["addon_secrets"] = {}
    return pid


def ticket_item(p, o):
    items = TYPE_ITEMS[p["type"]]
    if len(items) == 1:
        return items[0]
    # Early-bird prices ended on 2027-02-15.
    early = o["datetime"] < dt.datetime(2027, 2, 15, 8, tzinfo=dt.timezone.utc)
    return items[0] if early else items[1]


# ---------------------------------------------------------------------------
# Writers


def write_ini(path, cap):
    L = []
    a = L.append
    a("; PyCon Demo 2027: the demo event bundled with checkin.")
    a("; Generated by tools/make-demo-event.py; edit the generator, not this file.")
    a("; Format: docs/import-formats.md.  Registrations for it are in")
    a("; registrations.csv (generic CSV) and pretix-orders.json (pretix export).")
    a("")
    a("[event]")
    a("slug = " + EVENT_SLUG)
    a("name = " + EVENT_NAME)
    a("; Tutorials 12-13 May, talks 14-16 May, sprints 17-20 May.")
    a("start = 2027-05-12")
    a("end = 2027-05-20")
    a("timezone = America/Los_Angeles")
    a("")
    a("; Ticket types: the label and colour are printed on the badge band;")
    a("; pretix-items are the pretix item ids sold as that type.")
    for slug, label, colour, items in TICKET_TYPES:
        a("")
        a("[ticket-type %s]" % slug)
        a("label = " + label)
        a("colour = " + colour)
        a("pretix-items = " + ", ".join(str(i[0]) for i in items))
    a("")
    a("; Tutorials: three rooms per slot, mornings 09:00-12:30 and afternoons")
    a("; 13:30-17:00 local time.  pandas-intro, fastapi-web-apis and")
    a("; scikit-learn-ml are sold out in the demo data; polars-duckdb has one seat left.")
    for i, (slug, title, slot, _) in enumerate(TUTORIALS):
        day, start, end = SLOTS[slot]
        a("")
        a("[tutorial %s]" % slug)
        a("title = " + title)
        a("room = " + ROOMS[i % 3])
        a("start = %s %s" % (day, start))
        a("end = %s %s" % (day, end))
        a("capacity = %d" % cap[slug])
        a("pretix-item = %d" % TUT_ITEM[slug])
    a("")
    a("; Job-fair sponsors (fictional).")
    for slug, name in SPONSORS:
        a("")
        a("[sponsor %s]" % slug)
        a("name = " + name)
    a("")
    a("; Open spaces (docs/open-spaces.md): sessions anyone may host, a room's")
    a("; one-hour slot claimed at the board, on the three conference days.")
    a("; 203 is a small meeting room, so the demo fills it.")
    a("[open-spaces]")
    a("rooms = 201:40, 202:25, 203:2")
    a("days = 2027-05-14, 2027-05-15, 2027-05-16")
    a("hours = 10:00-17:00")
    a("slot = 60")
    a("")
    a("; The PyLadies auction on Saturday evening (docs/auction.md): a badge")
    a("; scanned at an auction door (checkin scan --station auction) gets a")
    a("; paddle from that door's own block, so two doors with no network between")
    a("; them never give one number twice; winners pay at the pay desk")
    a("; (--station auction-pay).  checkin demo runs auction-1 and pay-1.")
    a("[auction]")
    a("currency = USD")
    a("paddles auction-1 = 1-499")
    a("paddles auction-2 = 500-999")
    a("lot 1 = A quilt of PyCon T-shirts, 2003 to 2026")
    a("lot 2 = A hand-knitted snake in PyLadies purple")
    a("lot 3 = The PyCon Demo 2027 poster, signed by the keynote speakers")
    a("lot 4 = An hour of pairing on your first pull request to CPython")
    a("lot 5 = A box of stickers from every sponsor's booth")
    a("")
    a("; The sprint days (docs/sprints.md): a sprint station (checkin scan")
    a("; --station sprints) checks people in to the projects added with")
    a("; checkin sprints EVENT.db add-project, once a person a project a day.")
    a("[sprints]")
    a("days = 2027-05-17, 2027-05-18, 2027-05-19, 2027-05-20")
    a("")
    a("; The registration queue split between the desks, for the triage at the")
    a("; queue's entrance (checkin scan EVENT.db --station triage,")
    a("; docs/import-formats.md \"The desks\"): by the family name's first letter,")
    a("; a name in another script to desk 2.")
    a("[desks]")
    a("1 = A-L")
    a("2 = M-Z")
    a("other = 2")
    a("")
    a("; What the desk asks everyone once, before their first check-in")
    a("; (docs/stations.md, \"Acknowledgements\").")
    a("[admission]")
    a("acknowledge = coc")
    a("")
    a("[acknowledge coc]")
    a("title = Code of Conduct")
    a("text = I have read the PyCon Demo Code of Conduct and will follow it.")
    a("")
    a("; pretix question identifiers holding the pronouns and the boolean")
    a("; consent to share contact details with sponsors.")
    a("[pretix]")
    a("pronouns-question = pronouns")
    a("consent-question = sponsor-consent")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(L) + "\n")


# Non-canonical order, some header case variation, one unknown column.
CSV_COLUMNS = ["order_code", "Status", "badge_name", "Email", "ticket_type", "family_name",
               "given_name", "pronouns", "company", "t_shirt", "tutorials",
               "sponsor_consent", "secret", "ticket_id"]


def tutorials_field(rng, slugs):
    if not slugs:
        return ""
    sep = rng.choice([" ", " ", ";", "; ", ", "])
    return sep.join(slugs)


def csv_rows(orders, seps):
    rows = []
    for o in orders:
        for p in o["people"]:
            rows.append({
                "order_code": o["code"], "Status": o["status"],
                "badge_name": p["badge"] if p["badge_in_csv"] else "",
                "Email": p["email"], "ticket_type": p["type"],
                "family_name": p["family"], "given_name": p["given"],
                "pronouns": p["pronouns"], "company": p["company"],
                "t_shirt": p["tshirt"], "tutorials": seps[p["tid"]],
                "sponsor_consent": p["consent_csv"], "secret": p["secret"],
                "ticket_id": str(p["tid"]),
            })
    rows.sort(key=lambda r: int(r["ticket_id"]))
    return rows


def write_csv(path, rows):
    buf = io.StringIO(newline="")
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write(buf.getvalue())


def iso(d):
    """Datetime the way Django's JSON encoder writes it (milliseconds, Z)."""
    r = d.isoformat()
    if d.microsecond:
        r = r[:23] + r[26:]
    if r.endswith("+00:00"):
        r = r[:-6] + "Z"
    return r


def money(x):
    return "%.2f" % x


PRETIX_STATUS = {"paid": "p", "pending": "n", "cancelled": "c", "refunded": "c",
                 "expired": "e"}


def pretix_event(orders, cap):
    utc = dt.timezone.utc
    item = lambda **kw: dict({
        "id": None, "position": 0, "name": "", "internal_name": "", "category": None,
        "price": "0.00", "tax_rate": "0.00", "tax_name": None, "admission": True,
        "personalized": True, "active": True, "sales_channels": ["web"],
        "description": "", "available_from": None, "available_until": None,
        "require_voucher": False, "hide_without_voucher": False, "allow_cancel": True,
        "require_bundling": False, "min_per_order": None, "max_per_order": None,
        "checkin_attention": False, "original_price": None, "issue_giftcard": False,
        "meta_data": {}, "require_membership": False, "variations": []}, **kw)
    items = []
    pos = 0
    for slug, label, _, its in TICKET_TYPES:
        for iid, name, price in its:
            free = price == "0.00"
            extra = {}
            if iid == 311:
                extra = {"active": False,
                         "available_until": iso(dt.datetime(2027, 2, 15, 8, tzinfo=utc))}
            items.append(item(id=iid, position=pos, name=name, category=21, price=price,
                              require_voucher=free, hide_without_voucher=free,
                              allow_cancel=not free, max_per_order=10,
                              description=("Conference admission 14-16 May, sprints included."
                                           if not free else ""),
                              **extra))
            pos += 1
    for i, (slug, title, slot, _) in enumerate(TUTORIALS):
        day, start, end = SLOTS[slot]
        items.append(item(id=TUT_ITEM[slug], position=i, name="Tutorial: " + title,
                          internal_name=slug, category=22, price="150.00",
                          admission=False, personalized=False, max_per_order=1,
                          description="%s, %s-%s, room %s" % (day, start, end, ROOMS[i % 3]),
                          require_bundling=False))
    items.append(item(id=DONATION_ITEM, position=0, name="Donation to the Python community fund",
                      category=23, price="25.00", admission=False, personalized=False,
                      allow_cancel=False))
    items.append(item(id=AUCTION_ITEM, position=1, name="PyLadies charity auction entry",
                      category=23, price="35.00", admission=False, personalized=False))

    questions = [
        {"id": Q_PRONOUNS, "identifier": "pronouns", "required": False,
         "question": "Pronouns (printed on your badge)", "position": 0, "hidden": False,
         "ask_during_checkin": False, "help_text": "For example she/her, he/him, they/them.",
         "type": "S"},
        {"id": Q_CONSENT, "identifier": "sponsor-consent", "required": False,
         "question": "Share my name, company and e-mail with sponsors whose booth scans my badge",
         "position": 1, "hidden": False, "ask_during_checkin": False, "help_text": "",
         "type": "B"},
        {"id": Q_TSHIRT, "identifier": "t-shirt", "required": False,
         "question": "T-shirt size", "position": 2, "hidden": False,
         "ask_during_checkin": False, "help_text": "", "type": "C"},
    ]

    jorders = []
    for o in sorted(orders, key=lambda o: o["datetime"], reverse=True):
        positions = []
        total = 0.0
        people = o["people"]
        pos_of = {}
        for n, entry in enumerate(o["positions"], start=1):
            kind, idx, pid = entry[0], entry[1], entry[2]
            base = {"id": pid, "positionid": n, "item": None, "variation": None,
                    "subevent": None, "seat": None, "price": "0.00", "tax_rate": "0.00",
                    "tax_value": "0.00", "attendee_name": None, "attendee_email": None,
                    "company": None, "street": None, "zipcode": None, "country": None,
                    "state": None, "secret": None, "addon_to": None, "answers": []}
            if kind == "ticket":
                p = people[idx]
                iid, _, price = ticket_item(p, o)
                answers = []
                if p["pronouns"]:
                    answers.append({"question": Q_PRONOUNS, "answer": p["pronouns"]})
                if p["consent"]:
                    answers.append({"question": Q_CONSENT, "answer": "True"})
                elif p["consent_csv"] != "":
                    answers.append({"question": Q_CONSENT, "answer": "False"})
                if p["tshirt"]:
                    answers.append({"question": Q_TSHIRT, "answer": p["tshirt"]})
                base.update(item=iid, price=price, attendee_name=p["badge"],
                            attendee_email=None if p["email_from_order"] else p["email"],
                            company=p["company"] or None, secret=p["secret"],
                            answers=answers)
                pos_of[idx] = pid
            elif kind == "tutorial":
                base.update(item=TUT_ITEM[entry[3]], price="150.00",
                            secret=o["addon_secrets"][pid], addon_to=pos_of[idx])
            else:
                base.update(item=entry[3], price=entry[4], secret=o["addon_secrets"][pid],
                            addon_to=pos_of[idx] if idx is not None else None)
            total += float(base["price"])
            positions.append(base)
        st = PRETIX_STATUS[o["status"]]
        jorders.append({
            "code": o["code"], "status": st, "customer": None, "testmode": False,
            "user": o["email"], "email": o["email"], "phone": str(o["phone"]),
            "locale": o["locale"], "comment": o["comment"], "custom_followup_at": None,
            "require_approval": False, "checkin_attention": False, "sales_channel": "web",
            "expires": iso(o["datetime"].replace(hour=21, minute=59, second=0, microsecond=0)
                           + dt.timedelta(days=14)),
            "datetime": iso(o["datetime"]), "fees": [], "total": money(total),
            "positions": positions,
        })

    quotas = [{"id": 501, "size": 2500, "subevent": None,
               "items": [i[0] for t in TICKET_TYPES for i in t[3]], "variations": []}]
    for i, (slug, *_) in enumerate(TUTORIALS):
        quotas.append({"id": 511 + i, "size": cap[slug], "subevent": None,
                       "items": [TUT_ITEM[slug]], "variations": []})
    quotas.append({"id": 530, "size": None, "subevent": None,
                   "items": [DONATION_ITEM, AUCTION_ITEM], "variations": []})

    return {"event": {
        "name": EVENT_NAME, "slug": EVENT_SLUG,
        "organizer": {"name": "PyCon Demo Organizers", "slug": "pycon-demo"},
        "meta_data": {},
        "categories": [
            {"id": 21, "name": "Conference tickets", "description": "", "position": 0,
             "internal_name": None},
            {"id": 22, "name": "Tutorials", "description":
             "Tutorials on 12 and 13 May, bought as add-ons to a conference ticket.",
             "position": 1, "internal_name": None},
            {"id": 23, "name": "Extras", "description": "", "position": 2,
             "internal_name": None},
        ],
        "items": items, "questions": questions, "orders": jorders, "quotas": quotas,
        "subevents": [],
    }}


def write_json(path, event, ensure_ascii):
    text = json.dumps(event, ensure_ascii=ensure_ascii, indent=1)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text + "\n")


# ---------------------------------------------------------------------------


def make_update(g, orders, cap, next_id):
    """A later export: returns (new orders list, dict of what changed)."""
    rng = random.Random(SEED + 1)
    new = copy.deepcopy(orders)
    plain_singles = [o for o in new if len(o["people"]) == 1 and not o["people"][0]["tags"]]
    paid = [o for o in plain_singles if o["status"] == "paid"
            and o["people"][0]["type"] in ("individual", "student", "corporate")]
    pending = [o for o in plain_singles if o["status"] == "pending"]
    rng.shuffle(paid)
    changes = {"cancelled": [], "refunded": [], "paid": [], "email": [], "badge": [],
               "secret": [], "added": []}
    for _ in range(3):
        o = paid.pop()
        o["status"] = "cancelled"
        changes["cancelled"].append(o["people"][0]["tid"])
    o = paid.pop()
    o["status"] = "refunded"
    changes["refunded"].append(o["people"][0]["tid"])
    for o in pending[:2]:
        o["status"] = "paid"
        changes["paid"].append(o["people"][0]["tid"])
    # E-mail changes: one held on the position, one held on the order.
    by_pos = next(o for o in paid if not o["people"][0]["email_from_order"])
    paid.remove(by_pos)
    by_ord = next(o for o in paid if o["people"][0]["email_from_order"])
    paid.remove(by_ord)
    for o in (by_pos, by_ord):
        p = o["people"][0]
        local, domain = p["email"].split("@")
        p["email"] = local.split("+")[0] + ".new@" + (
            "example.org" if domain != "example.org" else "example.net")
        if p["email_from_order"]:
            o["email"] = p["email"]
        changes["email"].append(p["tid"])
    # The attendee asked for the short name she goes by on her badge.
    nick = {"Katarzyna": "Kasia", "Abhishek": "Abhi", "Siddharth": "Sid", "Tomasz": "Tomek",
            "Gabriela": "Gabi", "Michael": "Mike", "Aishwarya": "Aish", "Santiago": "Santi",
            "Valentina": "Vale", "Jessica": "Jess", "Fernanda": "Nanda", "Joaquín": "Quino"}
    o = next(o for o in paid if o["people"][0]["given"] in nick)
    paid.remove(o)
    p = o["people"][0]
    p["badge"] = nick[p["given"]] + " " + p["family"]
    p["badge_in_csv"] = True
    changes["badge"].append(p["tid"])
    # pretix "regenerate secrets": the old QR code no longer admits.
    o = paid.pop()
    o["people"][0]["secret"] = g.secret()
    changes["secret"].append(o["people"][0]["tid"])

    # Five new registrations in four orders, after the base export.
    counts = tutorial_counts(new)
    free = [t[0] for t in TUTORIALS if counts[t[0]] < cap[t[0]] - 1]
    newcomers = [
        [("Ana Paula", "Ribeiro", "individual", "Café Código S.A.", ["django-first-app"])],
        [("Tendai", "Moyo", "corporate", "Kilimanjaro Mobile Ltd", []),
         ("Fatima Zahra", "Benali", "corporate", "Kilimanjaro Mobile Ltd", ["typing-mypy", "geopandas-maps"])],
        [("현우", "조", "student", "Harambee University", [])],
        [("Mihail", "Ionescu", "individual", "", ["asyncio-practice"])],
    ]
    t = dt.datetime(2027, 5, 6, 16, 20, 5, 123000, tzinfo=dt.timezone.utc)
    added = []
    for grp in newcomers:
        t += dt.timedelta(hours=rng.randint(3, 30), seconds=rng.randint(0, 3000))
        people = []
        for given, family, ttype, company, tuts in grp:
            assert all(x in free for x in tuts), tuts
            badge = family + given if family == "조" else given + " " + family
            email = g.email_for("Hyunwoo" if given == "현우" else given,
                                "Cho" if family == "조" else family)
            p = person(["new"], given, family, badge, email, ttype, company)
            p.update(pronouns=rng.choice(PRONOUNS), tshirt=rng.choice(TSHIRTS),
                     consent=True, consent_csv="yes", secret=g.secret(),
                     tutorials=tuts, email_from_order=False)
            people.append(p)
        o = {"people": people, "kind": "new", "datetime": t, "code": g.order_code(),
             "status": "paid", "locale": "en", "phone": None, "comment": "", "extras": [],
             "email": people[0]["email"]}
        added.append(o)
    next_id = assign_positions(rng, added, next_id)
    for o in added:
        for _, _, pid, *rest in o["positions"]:
            if pid not in [p["tid"] for p in o["people"]]:
                o["addon_secrets"][pid] = g.secret()
        for p in o["people"]:
            changes["added"].append(p["tid"])
    return new + added, changes


def check(orders, cap):
    people = [p for o in orders for p in o["people"]]
    assert len(people) == 300
    assert len({p["tid"] for p in people}) == 300
    assert len({p["secret"] for p in people}) == 300
    n = tutorial_counts(orders)
    for slug in FULL_TUTORIALS:
        assert n[slug] == cap[slug]
    for slug in NEARLY_FULL:
        assert n[slug] == cap[slug] - 1
    assert len([p for p in people if p["badge"] == LONG80]) == 1 and len(LONG80) == 80
    assert len(LONG61) > 60 and any(p["badge"] == LONG61 for p in people)
    for p in people:
        slots = [TUT_BY_SLUG[t][2] for t in p["tutorials"]]
        assert len(slots) == len(set(slots)) and len(slots) <= 4


def main():
    g = Gen()
    orders = fill_details(g, build_people(g))
    assign_statuses(g.rng, orders)
    assign_tutorials(g.rng, orders)
    cap = capacities(g.rng, orders)
    next_id = assign_positions(g.rng, orders, 48210)
    for o in orders:
        tids = {p["tid"] for p in o["people"]}
        for _, _, pid, *rest in o["positions"]:
            if pid not in tids:
                o["addon_secrets"][pid] = g.secret()
    check(orders, cap)
    seps = {p["tid"]: tutorials_field(g.rng, p["tutorials"]) for o in orders for p in o["people"]}

    later, changes = make_update(g, orders, cap, next_id + 57)
    for o in later:
        for p in o["people"]:
            if p["tid"] not in seps:
                seps[p["tid"]] = tutorials_field(g.rng, p["tutorials"])

    # The expected re-import counts stated at the top of this file.
    assert len(changes["added"]) == EXPECTED_UPDATE["added"]
    assert len(changes["paid"] + changes["email"] + changes["badge"] + changes["secret"]) \
        == EXPECTED_UPDATE["updated"]
    assert len(changes["cancelled"] + changes["refunded"]) == EXPECTED_UPDATE["cancelled"]
    touched = set(changes["paid"] + changes["email"] + changes["badge"] + changes["secret"]
                  + changes["cancelled"] + changes["refunded"])
    assert len(touched) == 10 and 300 - len(touched) == EXPECTED_UPDATE["unchanged"]

    out = lambda *parts: os.path.join(ROOT, *parts)
    os.makedirs(out("config", "demo"), exist_ok=True)
    os.makedirs(out("tests", "data"), exist_ok=True)
    write_ini(out("config", "demo", "event.ini"), cap)
    write_csv(out("config", "demo", "registrations.csv"), csv_rows(orders, seps))
    # Like pretix's own export: non-ASCII escaped as \uXXXX (surrogate pairs
    # for emoji).  The update file is written as plain UTF-8 instead, so a
    # re-import also checks that both spellings decode to the same names.
    write_json(out("config", "demo", "pretix-orders.json"), pretix_event(orders, cap), True)
    write_csv(out("tests", "data", "demo-update.csv"), csv_rows(later, seps))
    write_json(out("tests", "data", "demo-update-pretix.json"), pretix_event(later, cap), False)
    if "-v" in sys.argv:
        for k, v in changes.items():
            print(k, v)


if __name__ == "__main__":
    main()
