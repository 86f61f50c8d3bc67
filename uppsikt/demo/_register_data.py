"""The demo region's registers: the July 2024 report's portfolios, focus areas and council
assignments (texts as the seed report prints them), a June 2024 month with some other
statuses, and plausible goals, risks, investment plan, budget bridge, the managed objects'
effects towards the regional goals (79 objects, as in the seed's title) and the annual wheel.

The seed report's traffic lights survive only as arrows and dots, so the statuses here are
invented; the texts, names and programme figures follow the seed.
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["write_register_demo"]

OK, PART, NOT = "enligt plan", "delvis", "ej enligt plan"

COUNCIL = [
    (
        "FU1",
        "Johan",
        "Fullmäktige: Identifiera och ta fram förslag på samordnade funktionella aktiviteter "
        "mellan förvaltningarna och i norra sjukvårdsregionen i syfte att minska "
        "administrativa kostnader",
        "Sprint 1 är genomförd , vi har identifierat några fler områden som vi behöver besluta "
        "om att gå vidare med . Inom NRF har vi haft en process omkring juridik och enats om att "
        "inte skapa en samlad resurs, kompetensen finns och kan delas vid behov.",
    ),
    (
        "FU2",
        "Sara",
        "Fullmäktige: Formalisera arbetet med att minska hyrberoendet Målet -20% 4% av egna "
        "personalkostnader",
        "Minskningen av antal veckor mot 2023 är 7% , kostnader har ökat med 1% men ställt mot "
        "egen personalkostnaden är det en minskning med 5%. Jourersättningen har ökat och vårt "
        "tidigare avtal hade en bättre prissättning än det nya. Vi har en större minskning från "
        "april men lider av att de tre första månaderna var riktigt höga ställt mot 2023.",
    ),
    (
        "FU3",
        "Elisabeth",
        "Fullmäktige: Arbeta systematiskt utifrån ett etiskt perspektiv med prioriteringar för "
        "minskad vårdkonsumtion",
        "Arbetet har kommit igång och ramarna börjar ta form. Stort intresse för området: Kloka "
        "kliniska val. Andra regioner visar på att nära tillgång till info om nytta jfr kostnader "
        "inför beslut kan öka medvetandet",
    ),
    (
        "FU4",
        "Elisabeth",
        "Fullmäktige: Identifiera och initiera ett fokusarbete för att förbättra tillgängligheten "
        "vid valda enheter Målet är + 25 VP för opererande verksamheter på NUS och förbättrade "
        "tillgänglighetsiffror för ögon utprovning hörapparater med 20%",
        "Antal VP ökade och såväl tillgängligheten innan konflikten med VF aktiverades, därefter "
        "har både antal VP och tillgängligheten försämrats till den lägsta nivån vi haft. Omstart "
        "av uppdraget och den viktigaste frågan är hur vi accelererar arbetet",
    ),
    (
        "FU5",
        "Elisabeth",
        "Fullmäktige: Utveckla samspelet mellan sjukhusvården och primärvården i syfte att "
        "stödja omställningen till nära vård",
        "Arbetsgrupp med representanter för hela länet samt referenspersoner från kommunerna är "
        "etablerad. Arbeta pågår. Förändringar i kommande beställning synkas med utfallet under "
        "hösten",
    ),
    (
        "FU6",
        "Ida",
        "Fullmäktige. Stärka vår ledning och styrning genom att tydliggöra och förankra "
        "verksamhetsstyrningens innehåll, starta upp implementering enligt identifierade "
        "delaktiviteter 2024",
        "Vi har haft en förankringsresan i respektive nämnd för att förklara vad vi lägger in i "
        "vår verksamhetsstyrning. På vårt intranät har vi samlat alla beskrivningar, verktyg och "
        "metoder för flödesförbättringar. Plan för 2025 framtagen",
    ),
]
COUNCIL_STATUS = {
    "2024-06": [OK, NOT, OK, PART, PART, OK],
    "2024-07": [OK, PART, OK, NOT, OK, OK],
}

CLG = [
    (
        "CLG1",
        "Ida",
        "Stärka vår lednings och styrningsförmåga",
        "Gemensam verksamhetsstyrning är tydliggjord, förankrad och implementering pågår enligt "
        "delaktiviteterna",
        "Uppföljning sker via ”fullmäktigeuppdragen”",
    ),
    (
        "CLG2",
        "Ida",
        "Civil beredskap",
        "Regionens totala förmågeutveckling stärks genom förflyttning av den egna verksamhetens "
        "förmåga till civil beredskap genom genomförande av prioriterade aktiviteter",
        "Plan för förmågeutveckling är framtagen och presenterad - prioriterade aktiviteter fram "
        "till 2027. Nämndsövergripande aktiviteter: • Grundutbildning (webb) för samtliga "
        "medarbetare, 65% av mål 2024 genomfört - andelen ökar främst inom HSF och RUF. Totalt "
        "antal: 1135st. Mål 2024 minst 1740 personer. • Kontinuitetsplaner för samhällsviktiga "
        "funktioner (0 av 4 inom RS, 4 av 8 inom HSF. , arbetet har startats upp i flera "
        "verksamheter. Status är oförändrad sedan tertial 1 men arbetet pågår.",
    ),
    (
        "CLG3",
        "Kia",
        "Kompetensförsörjningen",
        "Chefernas förutsättningar att leda är stärkta genom genomförande av delaktiviteterna",
        "Pågår aktiviteter utifrån framtagen prioritering, bl a med information om "
        "ledarskapsfilosofi och hur den kan nyttjas. Gällande utbildningsinsatser pågår "
        "Ledarutvecklingsprogrammet samt plan för utökade erbjudande till nätverkande och "
        "kunskapshöjning.",
    ),
    (
        "CLG4",
        "Patrik",
        "Tydlig och effektiv samverkanspartner.",
        "Gemensam översyn av samverkansstrukturer med kommunerna är genomförd och plan för "
        "åtgärder är initierad.",
        "Förvaltningsöverskridande arbetsgrupp jobbar med att sammanställa resultat av "
        "genomförda utvärderingar. Arbetsgruppen föreslår att formera en intern beredningsgrupp "
        "där tjänstepersoner från samverkansstrukturerna träffas i syfte att koordinera ärenden.",
    ),
    (
        "CLG5",
        "Malin/Kia",
        "vår önskade kultur",
        "Vår önskade kultur är känd och förankrad, plan för fokusområden är framtagna och "
        "systematiserade",
        "Vi har landat utgångspunkter för vår kultur och reviderat materialet. Fortsatt "
        "förankring i förvaltningsledning ska ske under året Information och material utifrån "
        "nuläget publiceras på intranätet. Ett tydligt delmål om att ta fram en handlingsplan "
        "för 2025 för fortsatt förankring och tydlighet i ägarskap och utveckling.",
    ),
    (
        "CLG6",
        "Elisabeth",
        "Stärka Nus som universitetssjukhus",
        "Skapa förutsättningar för förflyttningen genom",
        "Uppföljningen av USV enheter visar att alla är nu godkända",
    ),
]
CLG_STATUS = {
    "2024-06": [OK, PART, PART, PART, PART, PART],
    "2024-07": [OK, PART, OK, PART, OK, OK],
}

# Initiative, project manager, orderer, and whether it has traffic lights.
PORTFOLIO = [
    ("Utvecklingsportfölj", "", "", True),
    ("FVIS programmet", "", "", True),
    ("Beställning av Diabeteshjälpmedel", "Jim Johansson", "Niklas Vilhelmsson", True),
    ("Digitala kallelser", "Andreas Viklund", "Robert Wiksten", True),
    ("Externa remisser och svar", "Lillemor Bergsten", "Karin Nygren", True),
    ("Flexibel arbetsplats", "Mikael Robertsson", "Kia Ronnhed", True),
    ("Förenklad inloggning vårdssystem (SSO)", "Robert Wiksten", "Nils-Petter Augustsson", True),
    ("Införande av Patientnära analyserande", "Extern IT", "Ewa Lassén", False),
    ("Införande LifecareSP", "Anders Wink", "Camilla Andersson", True),
    ("Införande MittVaccin", "Hans Nilsson", "Ragnberth Helleday", False),
    ("Resursplaneringssystem TESSA", "Mats Nordenback", "Daniel Strömberg", True),
    ("Svevac", "Robert Wiksten", "Yvonne Lundqvist", True),
    ("Systemstöd Centraliserat inköp, Logistik", "Ulrika Näslund", "Mattias Norrman", True),
    ("Säker digital kommunikation", "Robert Wiksten", "Nils-Petter Augustsson", True),
    ("Ingen portfölj", "", "", False),
]
# Lights (Tid, Kostnad, Resultat, Resurser) that differ from all 'enligt plan', by month.
PORTFOLIO_LIGHTS = {
    "2024-06": {
        "FVIS programmet": (PART, NOT, OK, OK),
        "Digitala kallelser": (PART, OK, OK, PART),
        "Införande LifecareSP": (NOT, PART, OK, PART),
    },
    "2024-07": {
        "FVIS programmet": (PART, PART, OK, OK),
        "Införande LifecareSP": (PART, PART, OK, OK),
        "Resursplaneringssystem TESSA": (OK, OK, OK, PART),
    },
}

# The FVIS programme (kronor, cost positive); the seed prints them rounded to mkr.
PROGRAM = {
    "2024-06": [
        ("Regionförvaltningen", "Summa: Budgeterade områden", 50_400_000, 101_200_000, 48_100_000),
        (
            "Hälso- och sjukvårdsförvaltningen",
            "Summa: Budgeterade områden",
            24_800_000,
            28_900_000,
            16_900_000,
        ),
        ("Summa: Budgeterade områden", "Summa: FVIS-programmet", None, None, None),
        ("Omprioriterade linjeresurser", "Summa: FVIS-programmet", None, 6_100_000, 1_600_000),
        ("Summa: FVIS-programmet", None, None, None, None),
    ],
    "2024-07": [
        ("Regionförvaltningen", "Summa: Budgeterade områden", 50_400_000, 101_200_000, 57_300_000),
        (
            "Hälso- och sjukvårdsförvaltningen",
            "Summa: Budgeterade områden",
            24_800_000,
            28_900_000,
            20_100_000,
        ),
        ("Summa: Budgeterade områden", "Summa: FVIS-programmet", None, None, None),
        ("Omprioriterade linjeresurser", "Summa: FVIS-programmet", None, 6_100_000, 1_900_000),
        ("Summa: FVIS-programmet", None, None, None, None),
    ],
}

# The seed truncates the project managers' names ("Göran Isacson (...)"); full names here.
PROPERTY = [
    ("1 121 212", "NUS By 4 och 10CDE ombyggnad vån 0 till 4", "Göran Isacson"),
    ("1 121 217", "Nus Norra Labutveckling", "Malin Viklands"),
    ("1 121 300", "NUS by 3A, Pl. 9 HPL Verksamhetslokaler för OP", "Magnus Hägglund"),
    ("1 122 105", "Skellefteå nya vårdbyggnader", "Fredrik Ahnorre"),
    ("1 122 217", "Ske by210 Parkeringshus nyb", "Fredrik Ahnorre"),
    ("2 112 203", "Ske by135 Ny reservkraft Partnering", "Patrik Jälmlbrant"),
]
# Lights (Tid, Budget, Resurs) by month; "" is no light.
PROPERTY_LIGHTS = {
    "2024-06": [
        (OK, OK, OK),
        (PART, OK, OK),
        (OK, PART, ""),
        (OK, OK, PART),
        (OK, OK, OK),
        (NOT, OK, OK),
    ],
    "2024-07": [
        (OK, OK, OK),
        (OK, OK, OK),
        (OK, PART, ""),
        (PART, OK, PART),
        (OK, OK, OK),
        (PART, OK, OK),
    ],
}

INDICATORS = [
    # id, goal, sub-goal, indicator, unit, decimals, base year, base, target year, target,
    # periodicity, latest period, latest, status
    (
        "I1",
        "God och jämlik hälsa",
        "Tillgänglig vård",
        "Andel väntande inom vårdgarantin, förstabesök",
        "%",
        1,
        2023,
        "72.4",
        2025,
        "80",
        "månad",
        "2024-07",
        "74.1",
        PART,
    ),
    (
        "I2",
        "God och jämlik hälsa",
        "Tillgänglig vård",
        "Antal väntande mer än 365 dagar",
        "st",
        0,
        2023,
        "1450",
        2025,
        "0",
        "månad",
        "2024-07",
        "1210",
        NOT,
    ),
    (
        "I3",
        "God och jämlik hälsa",
        "Nära vård",
        "Andel listade med fast läkarkontakt",
        "%",
        0,
        2023,
        "38",
        2025,
        "50",
        "halvår",
        "2024-06",
        "41",
        PART,
    ),
    (
        "I4",
        "Hållbar ekonomi",
        "Ekonomi i balans",
        "Resultat i procent av skatter och statsbidrag",
        "%",
        1,
        2023,
        "-2.5",
        2025,
        "1",
        "månad",
        "2024-07",
        "-1.1",
        NOT,
    ),
    (
        "I5",
        "Hållbar ekonomi",
        "Minskat hyrberoende",
        "Hyrpersonal i procent av egen personalkostnad",
        "%",
        1,
        2023,
        "5.2",
        2024,
        "4",
        "månad",
        "2024-07",
        "4.8",
        PART,
    ),
    (
        "I6",
        "Attraktiv arbetsgivare",
        "Frisk arbetsplats",
        "Sjukfrånvaro",
        "%",
        1,
        2023,
        "7.1",
        2025,
        "6",
        "månad",
        "2024-06",
        "6.4",
        OK,
    ),
]

RISKS = [
    (
        "R1",
        "Leveransförseningar från Cambio försenar driftstarten av nytt vårdinformationsstöd",
        4,
        3,
        "Programchef FVIS",
        "Nära dialog med leverantören om leveranstidpunkter",
    ),
    (
        "R2",
        "Brist på specialistsjuksköterskor ökar beroendet av hyrpersonal",
        3,
        4,
        "HR-direktör",
        "Rekryteringsplan, utbildningstjänster och löneöversyn",
    ),
    (
        "R3",
        "Kostnadsutvecklingen överstiger skatteintäkternas ökning",
        3,
        3,
        "Ekonomidirektör",
        "Åtgärdsplaner per förvaltning och månatlig uppföljning",
    ),
    (
        "R4",
        "Otillräcklig kontinuitetsplanering för samhällsviktiga funktioner",
        2,
        4,
        "Beredskapschef",
        "Kontinuitetsplaner tas fram inom RS och HSF under 2024",
    ),
    (
        "R5",
        "Avbrott i IT-drift påverkar vårdens journalföring",
        2,
        3,
        "IT-direktör",
        "Reservrutiner och övningar",
    ),
    (
        "R6",
        "Försenade fastighetsprojekt fördyrar investeringsplanen",
        2,
        2,
        "Fastighetschef",
        "Projektportföljen prioriteras om kvartalsvis",
    ),
]

INVESTMENT_PLAN = {  # mkr per year 2025-2027
    "Fastighet": (1_020, 1_180, 950),
    "Medicinteknik": (145, 150, 160),
    "IT": (60, 55, 50),
    "Hjälpmedel": (38, 40, 40),
    "Övrigt": (22, 20, 20),
}

BUDGET_BRIDGE = [
    ("Ram 2024", "ingående ram", 3_874_000_000, ""),
    ("Löne- och prisuppräkning", "förändring", 116_000_000, "Uppräkning 3,0 % enligt SKR"),
    (
        "Minskad administration",
        "förändring",
        -100_000_000,
        "Fullmäktigeuppdraget om minskad administration",
    ),
    ("Nytt vårdinformationsstöd", "förändring", 42_000_000, "Driftkostnader FVIS från 2025"),
    ("Hyrpersonal", "förändring", -25_000_000, "Minskat hyrberoende, mål -20 %"),
    ("Ram 2025", "utgående ram", 3_907_000_000, ""),
]

# The 79 managed objects (objektförvaltning) by management area, each area with its owner
# and the effects its objects give, each effect towards one regional goal.
GOOD_CARE, EMPLOYER, ECONOMY = "God och nära vård", "Attraktiv arbetsgivare", "Ekonomi i balans"
SUSTAINABLE, EQUAL_HEALTH = "Hållbar utveckling", "Jämlik hälsa"
EFFECTS = {
    "Ökad patientsäkerhet": GOOD_CARE,
    "Bättre tillgänglighet": GOOD_CARE,
    "Vård närmare invånaren": GOOD_CARE,
    "Minskad administration": ECONOMY,
    "Lägre driftkostnader": ECONOMY,
    "Effektivare processer": ECONOMY,
    "Bättre arbetsmiljö": EMPLOYER,
    "Enklare kompetensförsörjning": EMPLOYER,
    "Minskad klimatpåverkan": SUSTAINABLE,
    "Färre resor": SUSTAINABLE,
    "Jämlik tillgång till vård": EQUAL_HEALTH,
    "Bättre uppföljning av hälsoutfall": EQUAL_HEALTH,
}
OBJECT_AREAS = [
    (
        "Vårdinformation",
        "Hälso- och sjukvårdsförvaltningen",
        [
            "Ökad patientsäkerhet",
            "Bättre tillgänglighet",
            "Minskad administration",
            "Jämlik tillgång till vård",
            "Vård närmare invånaren",
            "Bättre uppföljning av hälsoutfall",
        ],
        [
            "Vårdjournal",
            "Patientadministration",
            "Läkemedelsmodul",
            "Labbsvar",
            "Röntgeninformation",
            "Remisshantering",
            "Operationsplanering",
            "Vårdplatskoll",
            "Intensivvårdsmodul",
            "Förlossningsjournal",
            "Tandvårdsjournal",
            "Ambulansjournal",
            "Provtagningsanvisningar",
            "Kvalitetsregisterexport",
            "Screeningsystem",
            "Mödrahälsovårdsstöd",
            "Smittskyddsanmälan",
            "Dietistjournal",
            "Rehabjournal",
            "Bildarkiv",
        ],
    ),
    (
        "Digitala vårdtjänster",
        "Hälso- och sjukvårdsförvaltningen",
        [
            "Vård närmare invånaren",
            "Bättre tillgänglighet",
            "Färre resor",
            "Jämlik tillgång till vård",
        ],
        [
            "Digitala vårdbesök",
            "Egen provhantering",
            "Tidbokning för invånare",
            "Distansmonitorering",
            "Chattplattform",
            "Symtombedömning",
            "Digital väntelista",
            "Tolkbokning",
            "Hjälpmedelsbeställning",
            "Egenvårdsstöd",
        ],
    ),
    (
        "Ekonomi och inköp",
        "Regionstyrelsens förvaltning",
        ["Minskad administration", "Lägre driftkostnader", "Effektivare processer"],
        [
            "Ekonomisystem",
            "Fakturahantering",
            "Inköpssystem",
            "Avtalskatalog",
            "Budget- och prognosverktyg",
            "Rapportportal",
            "Anläggningsregister",
            "Lagersystem",
            "Kassasystem",
            "Resebokning",
        ],
    ),
    (
        "HR och lön",
        "Regionstyrelsens förvaltning",
        ["Bättre arbetsmiljö", "Enklare kompetensförsörjning", "Minskad administration"],
        [
            "Lönesystem",
            "Schemaplanering",
            "Rekryteringssystem",
            "Kompetensportal",
            "Utbildningsplattform",
            "Medarbetarenkät",
            "Bemanningsstöd",
            "Tidrapportering",
        ],
    ),
    (
        "Infrastruktur och drift",
        "IT-avdelningen",
        [
            "Lägre driftkostnader",
            "Minskad klimatpåverkan",
            "Effektivare processer",
            "Bättre arbetsmiljö",
        ],
        [
            "Nätverk",
            "Servermiljö",
            "Lagringstjänst",
            "Säker inloggning",
            "Behörighetssystem",
            "Klientplattform",
            "Utskriftstjänst",
            "Telefoni",
            "Videomöten",
            "Säkerhetskopiering",
            "Övervakningstjänst",
            "Integrationsplattform",
        ],
    ),
    (
        "Samhälle och kommunikation",
        "Regionala utvecklingsförvaltningen",
        [
            "Färre resor",
            "Minskad klimatpåverkan",
            "Bättre uppföljning av hälsoutfall",
            "Effektivare processer",
        ],
        [
            "Webbplats",
            "Intranät",
            "Diariesystem",
            "Ärendehantering",
            "E-arkiv",
            "Kollektivtrafikens biljettsystem",
            "Reseplanerare",
            "Färdtjänstbokning",
            "Kulturbokning",
            "Fastighetssystem",
            "Lokalbokning",
            "Energiuppföljning",
            "Kartplattform",
            "Statistikdatabas",
            "Kontaktcenter",
            "Sjukresebokning",
            "Beslutsstödsportal",
            "Felanmälan",
            "Nyhetsbrev",
        ],
    ),
]


def _object_rows() -> list[list[object]]:
    """One row per object and effect: each object gives one to three of its area's effects,
    chosen by its position so the demo is the same every time."""
    rows: list[list[object]] = []
    number = 0
    for area, owner, effects, objects in OBJECT_AREAS:
        for name in objects:
            number += 1
            count = 1 + (number * 7) % 3
            for k in range(count):
                effect = effects[(number + 2 * k) % len(effects)]
                if all(row[1] != effect for row in rows if row[0] == name):
                    rows.append([name, effect, EFFECTS[effect], area, owner])
    return rows


# The annual wheel: (month, area, activity).
WHEEL = [
    (1, "Omvärldsanalys", "Trendspaning"),
    (1, "Uppföljning", "Bokslut"),
    (2, "Omvärldsanalys", "Omvärldsseminarium"),
    (2, "Uppföljning", "Årsredovisning"),
    (3, "Omvärldsanalys", "Omvärldsanalys klar"),
    (3, "Strategisk planering", "Strategidagar"),
    (4, "Budget", "Budgetdirektiv"),
    (4, "Uppföljning", "Tertialrapport 1"),
    (5, "Strategisk planering", "Regionplan på remiss"),
    (5, "Budget", "Budgetdialoger"),
    (6, "Strategisk planering", "Regionplan beslutas"),
    (6, "Budget", "Budgetbeslut"),
    (8, "Uppföljning", "Delårsrapport"),
    (8, "Budget", "Prognos P2"),
    (9, "Strategisk planering", "Verksamhetsplaner"),
    (9, "Omvärldsanalys", "Invånarenkät"),
    (10, "Budget", "Detaljbudget"),
    (10, "Strategisk planering", "Nämndplaner"),
    (11, "Strategisk planering", "Nämndplaner beslutas"),
    (11, "Omvärldsanalys", "Omvärldsanalys startar"),
    (12, "Budget", "Internbudget beslutas"),
    (12, "Uppföljning", "Uppföljningsplan"),
]
WHEEL_RESPONSIBLE = {
    "Omvärldsanalys": "Strategisk utveckling",
    "Strategisk planering": "Regiondirektörens stab",
    "Budget": "Ekonomistaben",
    "Uppföljning": "Ekonomistaben",
}

MONTHS = ("2024-06", "2024-07")


def _write(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    return path


def _month_files(folder: Path, month: str) -> list[tuple[Path, str, str]]:
    files = []
    council = [
        [ident, who, text, status, comment if month == "2024-07" else ""]
        for (ident, who, text, comment), status in zip(COUNCIL, COUNCIL_STATUS[month], strict=True)
    ]
    header = ["id", "responsible", "assignment", "status", "comment"]
    files.append(
        (_write(folder / f"fullmaktigeuppdrag-{month}.csv", header, council), "fullmaktigeuppdrag")
    )
    clg = [
        [ident, who, area, goal, activity if month == "2024-07" else "", status]
        for (ident, who, area, goal, activity), status in zip(CLG, CLG_STATUS[month], strict=True)
    ]
    header = ["id", "responsible", "area", "sub_goal", "activity", "status"]
    files.append((_write(folder / f"clg-{month}.csv", header, clg), "clg_fokusomraden"))
    portfolio = []
    for name, manager, orderer, lit in PORTFOLIO:
        lights = PORTFOLIO_LIGHTS[month].get(name, (OK,) * 4) if lit else ("",) * 4
        portfolio.append([name, *lights, manager, orderer])
    header = ["initiative", "time", "cost", "result", "resources", "project_manager", "orderer"]
    files.append(
        (
            _write(folder / f"utvecklingsportfolj-{month}.csv", header, portfolio),
            "utvecklingsportfolj",
        )
    )
    program = [["fvis", item, parent, b, f, a, "P1"] for item, parent, b, f, a in PROGRAM[month]]
    header = ["program", "item", "parent", "budget", "forecast", "actual_ytd", "forecast_version"]
    files.append((_write(folder / f"programbudget-{month}.csv", header, program), "programbudget"))
    projects = [
        [number, name, manager, "Pågår", *lights]
        for (number, name, manager), lights in zip(PROPERTY, PROPERTY_LIGHTS[month], strict=True)
    ]
    header = [
        "project_number",
        "project",
        "project_manager",
        "phase",
        "time",
        "budget",
        "resources",
    ]
    files.append(
        (_write(folder / f"fastighetsportfolj-{month}.csv", header, projects), "fastighetsportfolj")
    )
    return [(path, register, month) for path, register in files]


def write_register_demo(folder: Path) -> list[tuple[Path, str, str]]:
    """Write the demo registers to ``folder``: (file, register name, month), import order."""
    files = [item for month in MONTHS for item in _month_files(folder, month)]
    header = [
        "id",
        "goal",
        "sub_goal",
        "indicator",
        "unit",
        "decimals",
        "base_year",
        "base_value",
        "target_year",
        "target_value",
        "periodicity",
        "latest_period",
        "latest_value",
        "status",
    ]
    files.append(
        (
            _write(folder / "indikatorer-2024-07.csv", header, [list(r) for r in INDICATORS]),
            "indikatorer",
            "2024-07",
        )
    )
    header = ["id", "risk", "probability", "consequence", "owner", "measures"]
    files.append(
        (
            _write(folder / "risker-2024-07.csv", header, [list(r) for r in RISKS]),
            "risker",
            "2024-07",
        )
    )
    plan = [
        [area, year, amount * 1_000_000]
        for area, amounts in INVESTMENT_PLAN.items()
        for year, amount in zip((2025, 2026, 2027), amounts, strict=True)
    ]
    files.append(
        (
            _write(folder / "investeringsplan-2024-07.csv", ["area", "year", "amount"], plan),
            "investeringsplan",
            "2024-07",
        )
    )
    files.append(
        (
            _write(
                folder / "budgetbrygga-2024-07.csv",
                ["item", "type", "amount", "reason"],
                [list(r) for r in BUDGET_BRIDGE],
            ),
            "budgetbrygga",
            "2024-07",
        )
    )
    files.append(
        (
            _write(
                folder / "objektforvaltning-2024-07.csv",
                ["object", "effect", "regional_goal", "area", "owner"],
                _object_rows(),
            ),
            "objektforvaltning",
            "2024-07",
        )
    )
    wheel = [[m, area, activity, WHEEL_RESPONSIBLE[area]] for m, area, activity in WHEEL]
    files.append(
        (
            _write(
                folder / "arshjul-2024-07.csv", ["month", "area", "activity", "responsible"], wheel
            ),
            "arshjul",
            "2024-07",
        )
    )
    return files
