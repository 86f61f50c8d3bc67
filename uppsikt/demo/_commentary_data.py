"""The demo region's commentary for July 2024: the free texts of a real monthly report.

Transcribed from the July 2024 report the demo is modelled on (headings become bold lead-ins,
the region's own name becomes "länet"), one ``KEY.md`` per text, in report order. Figures the
texts quote from the report's tables, charts and tiles are references (``{{table | row |
column}}``, see docs/commentary.md), not typed numbers. Two of the seed's texts are not here
because they only quote figures: the result sentence ("2024: -100 mkr
varav finansnetto +100 mkr") and the hired-staff changes ("Läkare: + 3,0 mkr ökning 2 %"). The
report computes them from the ledger (text blocks with ``figures`` in the default report.yaml),
so they cannot disagree with the tables beside them, as the typed finansnetto +100 did (+155).
The keys and titles of the blocks that show them are in ``commentary_report.yaml`` beside this
module.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DEMO_COMMENTARY", "DEMO_COMMENTARY_PERIOD", "write_commentary_demo"]

DEMO_COMMENTARY_PERIOD = "2024-07"

# key → Markdown, in the order the report shows them.
DEMO_COMMENTARY: dict[str, str] = {
    "kapitalforvaltning_forundersokning": """\
- Polis och åklagare hanterar ärendet och Regionen blir inte informerad om status. \
Regionen har begärt skadestånd.
- Vet inte när ärendet tas upp i Tingsrätt.
- Anmält ärendet till försäkringsbolag, med möjlighet att erhålla ersättning upp till 10 mkr.""",
    "kapitalforvaltning_atgarder": """\
- Diskretionär förvaltning – anlita två större finansinstitut, deras interna regelverk \
säkerställer minskad risk.
- Internkontroll inom Ekonomistaben. Fler medarbetare är involverade i kapitalförvaltning. \
Inplanerad information om välfärdsbrottslighet.
- Förslag ny finanspolicy, där det bl a framgår:
  - Rådgivare och förvaltare ska vara godkända av finansinspektionen
  - Avkastningsmål 3,5%/år reall till år 2040
  - Normalportfölj med 60% aktiefonder 40% räntebärandefonder
  - Huvudplaceringar i indexnära fonder
  - Alternativa placeringar används främst för riskspridning
  - Riskanalys vid illikvida placeringar därefter beslut i RS
  - Begränsad investeringsandel i viss fond till max 20%""",
    "likviditet_kommentar": """\
Checkräkningskredit 300 Mkr, ränta vid nyttjande 9,2%

- Likviditeten för tillfället god: Ca 200-300 Mkr
- Låneskuld juli {{likviditet_lan | 3}} Mkr. Snittränta låneskuld: {{likviditet_lan | 4}}
- Prognos upplåningsbehov 2024: 200-400 Mkr
- Förfall lån i oktober 200 Mkr och november 120 mkr. Kommer troligtvis att refinansieras.""",
    "personal_forhandlingar": """\
**Sjukfrånvaro**

Förhandlingar VF-Arbetsgivare utifrån konflikten""",
    "sjukfranvaro_region_kommentar": """\
**Analys/kommentar:** 2024-06 ligger vi på totalt {{sjukfranvaro_region | 2024-06 | Totalt}} \
inom regionen jämfört med ifjol {{sjukfranvaro_region | 2023-06 | Totalt}}. \
Vi ser en fortsatt stabil nivå för sjukfrånvaron""",
    "sjukfranvaro_rs_kommentar": """\
**Analys/kommentar:** 2024-06 ligger vi på totalt {{sjukfranvaro_rs | 2024-06 | Totalt}} inom \
Regionstyrelsens förvaltning \
(kvinnor {{sjukfranvaro_kon | Regionstyrelsens förvaltning | Kvinnor}} \
män {{sjukfranvaro_kon | Regionstyrelsens förvaltning | Män}}) jämfört med ifjol \
{{sjukfranvaro_rs | 2023-06 | Totalt}}. Vi ser en fortsatt stabil nivå för sjukfrånvaron""",
    "avtalsrorelse": """\
SKR och Sobona förhandlade under våren om samtliga sex huvudöverenskommelser med Kommunal, \
Vårdförbundet, Läkarförbundet, Sveriges Lärare, Allmän Kommunal Verksamhet och \
AkademikerAlliansen. Avtalen gäller för omkring 1,2 miljoner anställda i kommuner och regioner.

- Utvärdering efter avslutad konflikt med Kommunal samt Vårdförbundet
- Inkomna tvister och pågående förhandlingar
- Det nya avtalet har ett fokus på arbetsmiljö, arbetstid och kompetensförsörjning.
- Avtalsrörelsen 2025""",
    "kollektivtrafik_sammanfattning": """\
- Ingen ny/reviderad ekonomisk årsprognos finns då delårsrapporterna levereras i andra \
hälften av september. Tidigare prognos visar på totalt underskott med ca 16 mkr
- Resandet med buss ökar, men regiontrafiken på längre sträckor fortfarande på lägre nivåer \
än innan pandemin. Dock stora skillnader mellan olika sträckor
- Trygghet och nöjdhet med Länstrafiken ligger i topp bland Sveriges regioner
- Resandet med tåg fortsätter öka, särskilt bra utveckling på sträckor som omfattar länet
- Kollektivtrafiken i länet är tillsammans med Jönköping de enda regioner som har högre \
resande med kollektivtrafik jämfört med 2019 dvs. innan pandemin""",
    "arbetsmarknad": """\
- Stark jobbtillväxt, fortsatt hög efterfrågan på arbetskraft
- Låg arbetslöshet och bedöms fortsatt minska
- Tillgång till lämplig arbetskraft är fortsatt ett stort tillväxthinder""",
    "regionala_utsikter": """\
Arbetslösheten fortsätter minska i norra Sverige

Fortsatt stora utmaningar med kompetensförsörjningen i norr

Arbetslösheten ökar mest i storstadsområden och i söder""",
    "befolkningstillvaxt": """\
**Befolkningstillväxt:**

- Högst i länet, {{befolkningstillvaxt | Västerbotten}}
- Rikssnittet, 0,05 %
- Lägst i Blekinge, {{befolkningstillvaxt | Blekinge}}
- Endast 6 av 21 regioner ökar
- De senaste tio åren har befolkningen i länet vuxit med i snitt 0,66 % per år""",
    "upphandling_utveckling": """\
**Utveckling augusti:**

Minskad ledtid med 9-10 dagar

Bättre produktionsstyrning och utfördelning på upphandlare. Fler ärenden per person igång.

Inventerar äldre behov för att se om dom kvarstår.

Startat proaktiv kontakt med verksamheten på avtal som kommer löpa ut under 2025

Startat upp nu i mitten på augusti ett annat arbetssätt i att hantera ärenden. Jobbar aktivt \
från att hantera "nya" uppdrag parallellt med kön (backloggen)""",
    "upphandling_planerat": """\
Färdigställa upphandlingsplanen

Inskolning av 4st nya upphandlare som börjar i september.

Inskolning av 2st nya strategiska inköpare som börjar i september.

Stort fokus på att hantera beviljade MT investeringar.

Etablera tätare kontakt med verksamheten (beställarna)""",
    "fvis_riskbild": """\
**TOTAL RISK - GUL**

Vi ser risker med att de nödvändiga förberedelser som ska ske i verksamheten kopplat till \
checklistan inte blir genomförda enligt tidplan, vilket kommer påverka möjlighet till en \
kontrollerad driftstart med minimerat produktionsbortfall.

Det är fortsatt risk för leveransförseningar från Cambio och förseningar av Sussagemensamt \
arbete.

Åtgärd: Nära dialog med HSD, RD för att säkerställa att aktiviteter i checklistan blir \
genomförda, där programmet stödjer verksamheterna och följer upp aktiviteterna.

Fortsatt dialog med Cambio avseende leveranstidpunkter och med Sussa samverkan kring \
leveranser av gemensamma arbeten, t ex. Hälsoärende och TM2""",
    "fvis_lagesbeskrivning": """\
Under perioden har projekten arbetat vidare med planerade aktiviteter och leveranser parallellt \
med att de reviderat sina tidplaner och prognoser i syfte att minska kostnader. Dialog har \
förts med Cambio för att få klarhet och utfästelser om leveranstidpunkter. Den planerade \
driftstarten i april 2025 innebär att vi ingår i planeringen för regionerna 7–9 och får våra \
leveranser efter det att Cambio har uppfyllt sina åtaganden för regionerna 1–6.

Resursläget är fortsatt generellt bra inom programmet. Under hösten när programmet går in i en \
intensiv fas, kopplat till övergången till Cosmic, är verksamhetens deltagande och engagemang \
en viktig framgångsfaktor.""",
    "fvis_ekonomi_kommentar": """\
Programmets månatliga lägesrapport rapporterar kostnadsutvecklingen utifrån den senaste \
gällande prognosen. Ny prognos (P1) började gälla från maj 2024. Arbetet med framtagande av \
P2 kommer att startas i augusti.

Utfallet för juni och juli uppgår till 13,8 Mkr, motsvarande prognos uppgår till 17,2 Mkr. \
Antalet rapporterade timmar för perioden uppgår till drygt 17 000 h, där motsvarande prognos \
uppgår till drygt 22 700 h. I juni inkom förlikningen från Cambio, 3, Mkr som fördelades på \
årets resterande månader. Den största differensen mellan prognos och utfall återfinns bland \
resurserna, därefter tilläggsbeställningarna.

Enligt den senaste prognosrevideringen överskrider FVIS-programmet budgeten över \
programperioden med 92 Mkr. Programmets månatliga lägesrapport rapporterar \
kostnadsutvecklingen utifrån den senaste rapporterade prognosen.""",
    "minskad_administration": """\
- Kravet var att uppnå målbilden i juni
  - HSF 100%
  - RUN 100%
  - RS 109 %
- Motsvarar 100 mkr eller 130 tjänster. Viktigt att komma ihåg är att det är en mix mellan \
minskade kostnader och minskade tjänster.
- En uppenbar risk är att vi i stort sett minskat antal tjänster men inte administrationen och \
det behöver vi fortsätta jobba med.""",
    "sommaren": """\
- För alla förvaltningar utom HSF har sommaren varit en bra sommar.
- Utgångsläget inför sommaren med den pågående konflikten utmanade schemaläggningen men i \
stort sett har det varit en normalt jobbig sommar.
- Inom kirurgi, ortopedi och medicin har det varit många överbeläggningar och tidvis mycket \
hårt tryck.
- Samarbetet i länet har fungerat bra och man har hjälps åt i alla delar.
- Normal sommarutvärdering sker efter sista perioden och återrapporteras till HSN""",
    "aktuellt_rd_natverket": """\
Avtalsrörelsen

Hyrbemanning, uppföljning av avtal samt kostnadsutveckling

Nära vård (gemensamt med HSD-nätverket)

Vårdöverenskommelser 2025

Produktivitet och effektivitet""",
    "forflyttningar": """\
Från medlemmarna i fokus **till medlemmarnas fokus**

Från snack **till verkstad**

Från så har vi alltid gjort **till så har vi aldrig gjort**""",
}


def write_commentary_demo(folder: Path) -> list[tuple[Path, str, str]]:
    """Write the texts to ``folder/2024-07/KEY.md``; (file, key, period) for each, in order.

    The folder is what ``uppsikt comment import FOLDER --period 2024-07`` reads.
    """
    month_folder = folder / DEMO_COMMENTARY_PERIOD
    month_folder.mkdir(parents=True, exist_ok=True)
    written = []
    for key, markdown in DEMO_COMMENTARY.items():
        path = month_folder / f"{key}.md"
        path.write_text(markdown + "\n", encoding="utf-8", newline="\n")
        written.append((path, key, DEMO_COMMENTARY_PERIOD))
    return written
