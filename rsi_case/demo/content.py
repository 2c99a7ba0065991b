"""Demodata til RSI Sag: brugere, sager og dokumenter.

Rent data (dansk prosa) til brug for ``rsi-case-initdb --demo``. Personer,
beløb og aftaler er opdigtede, men skrevet så de ligner den virkelige
hverdag i regionernes fælles sundheds-it-samarbejde. Må aldrig indlæses i
produktion.

Struktur:

* ``PASSWORD``  -- fælles adgangskode for alle demobrugere.
* ``USERS``     -- brugere med login, navn, rolle, e-mail og telefon.
* ``CASES``     -- sager sorteret efter sagsnummer (år, løbenummer), hver med
  sine dokumenter. Datoer er ISO-strenge "YYYY-MM-DD". Dokumenternes brødtekst
  er HTML med de tilladte tags (h2, h3, p, strong, em, u, ul, ol, li, table,
  thead, tbody, tr, th, td, a, br).
"""

PASSWORD = "rsi-demo-adgang"

USERS = [
    # De fire faste demologins.
    dict(login="sekretariat", full_name="Mette Kjærgaard Holm", role="sekretariat",
         email="mette.holm@rsi-sag.dk", phone="+45 38 66 50 01"),
    dict(login="styregruppe", full_name="Camilla Refslund Steen", role="styregruppe",
         email="camilla.steen@rsi-sag.dk", phone="+45 35 29 81 40"),
    dict(login="arkivar", full_name="Birgitte Lundgaard Sørensen", role="arkivar",
         email="birgitte.sorensen@rsi-sag.dk", phone="+45 38 66 50 19"),
    dict(login="admin", full_name="Jesper Mølholm Kristensen", role="admin",
         email="jesper.kristensen@rsi-sag.dk", phone="+45 38 66 50 90"),

    # Sekretariatets øvrige medarbejdere.
    dict(login="lhj", full_name="Lone Hvidberg Jessen", role="sekretariat",
         email="lone.jessen@rsi-sag.dk", phone="+45 38 66 50 04"),
    dict(login="tbn", full_name="Thomas Bruun Nørgaard", role="sekretariat",
         email="thomas.norgaard@rsi-sag.dk", phone="+45 38 66 50 07"),
    dict(login="akr", full_name="Anne Kathrine Rask", role="sekretariat",
         email="anne.rask@rsi-sag.dk", phone="+45 38 66 50 11"),
    dict(login="mso", full_name="Martin Søgaard Olesen", role="sekretariat",
         email="martin.olesen@rsi-sag.dk", phone="+45 38 66 50 14"),

    # Styregruppens øvrige seks medlemmer (login "styregruppe" ovenfor er
    # direktøren fra Danske Regioner).
    dict(login="formand", full_name="Karen Damgaard Lauritsen", role="styregruppe",
         email="karen.lauritsen@rsi-sag.dk", phone="+45 97 64 80 00"),
    dict(login="rh-direktoer", full_name="Peter Winther Falk", role="styregruppe",
         email="peter.falk@rsi-sag.dk", phone="+45 38 66 60 10"),
    dict(login="rsj-direktoer", full_name="Susanne Bang Mikkelsen", role="styregruppe",
         email="susanne.mikkelsen@rsi-sag.dk", phone="+45 57 87 50 20"),
    dict(login="rsd-direktoer", full_name="Jens Ole Brandt", role="styregruppe",
         email="jens.brandt@rsi-sag.dk", phone="+45 76 63 10 30"),
    dict(login="rm-direktoer", full_name="Hanne Østergaard Friis", role="styregruppe",
         email="hanne.friis@rsi-sag.dk", phone="+45 78 41 00 40"),
    dict(login="rn-direktoer", full_name="Torben Kjeldsen Aagaard", role="styregruppe",
         email="torben.aagaard@rsi-sag.dk", phone="+45 97 64 80 50"),
]

# Styregruppens sammensætning (til brug i referaterne):
#   Karen Damgaard Lauritsen (formand, regionsdirektør, Region Nordjylland)
#   Peter Winther Falk (koncerndirektør, Region Hovedstaden)
#   Susanne Bang Mikkelsen (koncerndirektør, Region Sjælland)
#   Jens Ole Brandt (koncerndirektør, Region Syddanmark)
#   Hanne Østergaard Friis (koncerndirektør, Region Midtjylland)
#   Torben Kjeldsen Aagaard (koncerndirektør, Region Nordjylland)
#   Camilla Refslund Steen (direktør, Danske Regioner)
# Sekretariatet: Mette Kjærgaard Holm (sekretariatschef), Lone Hvidberg Jessen,
# Thomas Bruun Nørgaard, Anne Kathrine Rask, Martin Søgaard Olesen.

CASES = [

    # ------------------------------------------------------------------
    # 2009: Fælles udbud af laboratoriesystem
    # ------------------------------------------------------------------
    dict(
        number="09/2867",
        title="Fælles udbud af laboratoriesystem",
        description=(
            "Sagen samler forberedelse, beslutning og opfølgning på regionernes "
            "fælles udbud af et klinisk laboratoriesystem til klinisk biokemi, "
            "klinisk mikrobiologi og klinisk immunologi. Region Midtjylland er "
            "lederregion. Sagen indeholder også regionernes tilslutning efter "
            "princippet om følg eller forklar og det afsluttende notat fra 2011."
        ),
        category="indkoeb",
        status="arkiveret",
        responsible="lhj",
        lead_region="midtjylland",
        participating_regions=["sjaelland", "syddanmark", "midtjylland", "nordjylland"],
        opened="2009-03-02",
        closed="2011-09-30",
        documents=[
            dict(
                number="19804/09",
                kind="beslutningsoplaeg",
                title="Beslutningsoplæg: Fælles udbud af laboratoriesystem",
                date="2009-04-20",
                author="lhj",
                status="endelig",
                body="""<h2>Indstilling</h2>
<p>Sekretariatet indstiller, at styregruppen:</p>
<ol>
<li>godkender, at regionerne gennemfører et fælles EU-udbud af et klinisk laboratoriesystem til afløsning af de nuværende installationer af LABKA og de øvrige regionale laboratoriesystemer,</li>
<li>udpeger Region Midtjylland som lederregion for udbuddet,</li>
<li>godkender, at regionernes tilslutning håndteres efter princippet om følg eller forklar, så en region, der ikke deltager fra start, skriftligt begrunder det senest den 1. december 2009.</li>
</ol>
<h2>Baggrund</h2>
<p>Regionerne driver i dag syv forskellige installationer af laboratoriesystemer, som hovedsageligt er arvet fra de tidligere amter. Flere af installationerne er baseret på teknologi, som leverandørerne har varslet udfasning af, og kontrakterne udløber i perioden 2010–2013. Samtidig stiller den stigende udveksling af prøvesvar med almen praksis via MedCom-standarderne og behovet for ensartede analysekoder krav, som de nuværende systemer kun delvist kan honorere.</p>
<p>Et fælles udbud giver mulighed for at samle kravspecifikationen, udnytte regionernes samlede volumen i forhandlingen og på sigt etablere en fælles rekvisitions- og svarpraksis på tværs af regionsgrænser. Laboratoriechefernes forum har tilsluttet sig, at der arbejdes videre med et fælles udbud.</p>
<h2>Tidsplan</h2>
<ul>
<li>Maj–september 2009: behovsafdækning og fælles kravspecifikation.</li>
<li>Oktober 2009: markedsdialog med mulige leverandører.</li>
<li>1. december 2009: regionernes skriftlige tilslutning eller begrundelse.</li>
<li>Januar 2010: udbudsbekendtgørelse.</li>
<li>September 2010: kontraktindgåelse.</li>
<li>2011–2013: trinvis implementering, region for region.</li>
</ul>
<h2>Succesmål</h2>
<ul>
<li>Mindst fire af fem regioner tilslutter sig udbuddet fra start.</li>
<li>De samlede licens- og driftsudgifter til laboratoriesystemer reduceres med mindst 15 procent over kontraktens første fem år.</li>
<li>Alle deltagende regioner anvender fælles analysekoder (NPU) og udveksler svar via MedCom-standarder senest ved udgangen af 2013.</li>
</ul>
<h2>Anbefalet lederregion</h2>
<p>Sekretariatet anbefaler Region Midtjylland som lederregion. Regionen har den største laboratorievolumen uden for hovedstadsområdet, har gennemført to større systemudbud inden for de seneste tre år og har tilbudt at stille en projektleder og en udbudsjurist til rådighed på fuld tid.</p>
<h2>Økonomi</h2>
<p>Udbudsforberedelsen anslås at koste 4,2 mio. kr., som fordeles mellem de deltagende regioner efter bloktilskudsnøglen. Anskaffelse og implementering forventes samlet at udgøre 85–110 mio. kr. over fire år. Den endelige økonomi forelægges styregruppen, når tilbuddene er evalueret.</p>""",
            ),
            dict(
                number="29170/09",
                kind="moedereferat",
                title="Referat af projektgruppemøde 1 – fælles laboratoriesystem",
                date="2009-06-11",
                author="lhj",
                status="endelig",
                body="""<p><strong>Mødested:</strong> Regionshuset Viborg, mødelokale 2.14<br>
<strong>Deltagere:</strong> Søren Brix Hauge (projektleder, Region Midtjylland), Gitte Lykke Andersen (Region Syddanmark), Poul Erik Thygesen (Region Nordjylland), Marianne Holst (Region Sjælland), Ulla Ravn (Region Hovedstaden, observatør), Lone Hvidberg Jessen (sekretariatet, referent)</p>
<h2>1. Godkendelse af dagsorden</h2>
<p>Dagsordenen blev godkendt uden bemærkninger.</p>
<h2>2. Kommissorium for projektgruppen</h2>
<p>Projektlederen gennemgik kommissoriet, som styregruppen godkendte den 14. maj 2009. Projektgruppen drøftede afgrænsningen til klinisk biokemi, klinisk mikrobiologi og klinisk immunologi. Patologi holdes uden for udbuddet, da Patobank og de eksisterende patologisystemer fungerer tilfredsstillende.</p>
<p><strong>Beslutning:</strong> Kommissoriet blev taget til efterretning. Spørgsmålet om patologi tages op igen, hvis leverandørernes tilbud viser en væsentlig gevinst ved at inddrage området.</p>
<h2>3. Plan for behovsafdækning</h2>
<p>Der nedsættes tre faglige arbejdsgrupper med deltagelse af bioanalytikere, laboratorielæger og it-medarbejdere fra alle deltagende regioner. Arbejdsgrupperne skal levere input til kravspecifikationen senest den 15. august 2009. Region Syddanmark stiller mødefaciliteter til rådighed i Odense.</p>
<p><strong>Beslutning:</strong> Planen blev godkendt. Hver region melder navne til arbejdsgrupperne til projektlederen senest den 26. juni 2009.</p>
<h2>4. Region Hovedstadens deltagelse</h2>
<p>Ulla Ravn orienterede om, at Region Hovedstaden overvejer at lade laboratoriefunktionaliteten indgå i et kommende udbud af en samlet klinisk platform. Regionen deltager derfor foreløbig som observatør og afgiver endelig tilbagemelding inden fristen den 1. december 2009.</p>
<p><strong>Beslutning:</strong> Projektgruppen tog orienteringen til efterretning og bad sekretariatet om at gøre styregruppen opmærksom på sagen.</p>
<h2>5. Eventuelt</h2>
<p>Næste møde holdes den 27. august 2009 i Odense.</p>""",
            ),
            dict(
                number="44987/09",
                kind="bilag",
                title="Bilag: Regionernes nuværende laboratoriesystemer og kontraktudløb",
                date="2009-09-07",
                author="tbn",
                status="endelig",
                body="""<p>Bilaget er udarbejdet af sekretariatet på grundlag af regionernes indberetninger i august 2009. Oversigten danner grundlag for den tidsplan for implementering, som indgår i udbudsmaterialet, og for regionernes stillingtagen efter princippet om følg eller forklar.</p>
<table>
<thead>
<tr><th>Region</th><th>Nuværende system</th><th>Antal installationer</th><th>Kontraktudløb</th><th>Bemærkning</th></tr>
</thead>
<tbody>
<tr><td>Region Hovedstaden</td><td>LABKA og BCC-Lab</td><td>2</td><td>31-12-2010</td><td>Overvejer integreret klinisk platform</td></tr>
<tr><td>Region Sjælland</td><td>LABKA</td><td>1</td><td>30-06-2010</td><td>Kan forlænges i op til 12 måneder</td></tr>
<tr><td>Region Syddanmark</td><td>LABKA og MikroLab</td><td>2</td><td>31-12-2010</td><td>Mikrobiologi kører på forældet databaseplatform</td></tr>
<tr><td>Region Midtjylland</td><td>LABKA</td><td>1</td><td>31-03-2011</td><td>Samlet i én installation i 2008</td></tr>
<tr><td>Region Nordjylland</td><td>NordLab 4</td><td>1</td><td>31-12-2011</td><td>Kontrakten kan ikke opsiges før udløb</td></tr>
</tbody>
</table>
<h3>Sekretariatets bemærkninger</h3>
<p>Tre af de fem regioner har kontrakter, der udløber i 2010, og har derfor et naturligt behov for en ny løsning i 2011. Region Midtjylland kan forlænge sin kontrakt med op til et år uden merudgift og er dermed velegnet som første implementeringsregion, fordi regionen samtidig er lederregion.</p>
<p>Region Nordjyllands kontrakt løber yderligere to år og kan ikke opsiges uden betydelig kompensation til leverandøren. Sekretariatet anbefaler, at udbudsmaterialet indeholder en option, som giver Region Nordjylland mulighed for at tilslutte sig kontrakten senest ved udgangen af 2011 på samme vilkår som de øvrige regioner.</p>
<p>Antallet af analyser pr. år er samlet opgjort til ca. 62 mio., heraf ca. 41 mio. inden for klinisk biokemi. Tallene anvendes som forventet volumen i udbuddet.</p>""",
            ),
            dict(
                number="62947/09",
                kind="notat",
                title="Notat om regionernes tilslutning til fælles udbud af laboratoriesystem (følg eller forklar)",
                date="2009-12-15",
                author="lhj",
                status="endelig",
                body="""<h2>Formål</h2>
<p>Notatet samler regionernes tilbagemeldinger på, om de deltager i det fælles udbud af laboratoriesystem, som styregruppen besluttede at igangsætte den 14. maj 2009. Efter princippet om følg eller forklar deltager alle regioner, medmindre en region skriftligt har begrundet, hvorfor den afstår eller afventer. Fristen for tilbagemelding var den 1. december 2009, og alle fem regioner har svaret rettidigt.</p>
<h2>Regionernes tilbagemeldinger</h2>
<table>
<thead>
<tr><th>Region</th><th>Tilslutning</th><th>Begrundelse</th></tr>
</thead>
<tbody>
<tr><td>Region Hovedstaden</td><td>Afstår</td><td>Laboratoriefunktionalitet indgår i regionens kommende udbud af en samlet klinisk platform</td></tr>
<tr><td>Region Sjælland</td><td>Deltager</td><td>–</td></tr>
<tr><td>Region Syddanmark</td><td>Deltager</td><td>–</td></tr>
<tr><td>Region Midtjylland</td><td>Deltager (lederregion)</td><td>–</td></tr>
<tr><td>Region Nordjylland</td><td>Afventer</td><td>Den nuværende kontrakt løber til 31. december 2011</td></tr>
</tbody>
</table>
<h2>Region Nordjylland afventer</h2>
<p>Region Nordjyllands kontrakt på det nuværende laboratoriesystem løber to år endnu, til den 31. december 2011, og kan efter regionens juridiske vurdering ikke opsiges før tid uden en kompensation på anslået 6–8 mio. kr. Regionen ønsker at tilslutte sig den fælles løsning, når kontrakten udløber, og har deltaget aktivt i kravspecifikationen. Sekretariatet har sikret, at udbudsmaterialet indeholder en option, så Region Nordjylland kan tiltræde kontrakten senest den 1. januar 2012 på de samme vilkår og priser som de øvrige regioner.</p>
<h2>Region Hovedstaden afstår</h2>
<p>Region Hovedstaden har meddelt, at regionen afstår fra at deltage. Regionen forbereder et samlet udbud af en integreret klinisk platform, hvor elektronisk patientjournal, medicinering og laboratoriefunktionalitet indgår som én løsning. En separat anskaffelse af et laboratoriesystem vil efter regionens vurdering føre til en dobbeltinvestering og en ekstra systemudskiftning for laboratoriepersonalet inden for få år. Regionen vil fortsat stille faglige ressourcer til rådighed for arbejdet med fælles analysekoder, så svarudvekslingen mellem regionerne ikke forringes.</p>
<p>Sekretariatet vurderer, at begrundelsen er vægtig og i overensstemmelse med princippet om følg eller forklar. Sekretariatet bemærker dog, at regionernes samlede indkøbsvolumen reduceres med ca. en tredjedel, hvilket kan påvirke de opnåelige priser.</p>
<h2>Konsekvenser for udbuddet</h2>
<p>Udbuddet gennemføres med tre deltagende regioner fra start og Region Nordjylland som optionsregion. Den forventede volumen i udbudsmaterialet nedjusteres fra 62 mio. til ca. 40 mio. analyser pr. år, inklusive optionen. Fordelingen af udgifterne til udbudsforberedelsen på 4,2 mio. kr. justeres, så Region Hovedstaden alene betaler sin andel af de udgifter, der er afholdt frem til dags dato.</p>
<h2>Videre proces</h2>
<p>Notatet forelægges styregruppen til orientering på mødet den 21. januar 2010. Udbudsbekendtgørelsen forventes offentliggjort i uge 4, 2010.</p>""",
            ),
            dict(
                number="33512/10",
                kind="statusrapport",
                title="Statusrapport: Fælles laboratoriesystem, 2. kvartal 2010",
                date="2010-07-05",
                author="lhj",
                status="endelig",
                body="""<h2>Samlet status</h2>
<p>Udbuddet forløber planmæssigt. Fristen for tilbud udløb den 14. juni 2010, og der er modtaget fire konditionsmæssige tilbud. Evalueringen er i gang og forventes afsluttet den 20. august 2010. Den samlede status vurderes som <strong>grøn</strong> for tid og økonomi og <strong>gul</strong> for ressourcer.</p>
<h2>Fremdrift i perioden</h2>
<ul>
<li>Spørgsmål og svar i udbudsperioden: der er besvaret 137 spørgsmål fra leverandørerne, hvoraf 22 har ført til præciseringer i kravspecifikationen.</li>
<li>Evalueringsgruppen er nedsat med to laboratoriefaglige og én it-faglig repræsentant fra hver deltagende region samt en observatør fra Region Nordjylland.</li>
<li>Demonstrationer af de tilbudte løsninger gennemføres i Aarhus i uge 30 og 31.</li>
</ul>
<h2>Risici</h2>
<p>Sommerferieperioden lægger pres på evalueringsgruppens tid, og to nøglepersoner fra Region Syddanmark er fraværende i tre uger. Region Midtjylland har stillet en ekstra bioanalytiker til rådighed som kompensation. Risikoen vurderes som moderat.</p>
<p>Region Sjællands kontrakt på det nuværende system udløber den 30. juni 2010 og er forlænget til den 30. juni 2011. Forlængelsen koster 0,9 mio. kr., som afholdes af regionen selv.</p>
<h2>Økonomi</h2>
<p>Der er pr. 30. juni 2010 forbrugt 3,6 mio. kr. af budgettet til udbudsforberedelse på 4,2 mio. kr. Der forventes ikke overskridelser.</p>
<h2>Næste skridt</h2>
<p>Indstilling om tildeling forelægges styregruppen på mødet den 9. september 2010, hvorefter standstill-perioden løber, og kontrakten kan underskrives ultimo september.</p>""",
            ),
            dict(
                number="48401/11",
                kind="notat",
                title="Afslutningsnotat: Fælles udbud af laboratoriesystem",
                date="2011-09-26",
                author="lhj",
                status="endelig",
                body="""<h2>Resumé</h2>
<p>Det fælles udbud af laboratoriesystem er gennemført, og kontrakten blev underskrevet den 28. september 2010. Region Midtjylland gik i drift med den nye løsning i april 2011 og Region Sjælland i juni 2011. Region Syddanmark går i drift i november 2011, og Region Nordjylland har den 5. september 2011 udnyttet optionen med virkning fra 1. januar 2012. Sagen afsluttes hermed i sekretariatet, og den videre implementering følges i regionernes egne projektorganisationer.</p>
<h2>Opfyldelse af succesmål</h2>
<ul>
<li><strong>Tilslutning:</strong> Tre regioner deltog fra start, og den fjerde har tilsluttet sig via optionen. Målet om fire af fem regioner er dermed nået.</li>
<li><strong>Udgifter:</strong> De samlede licens- og driftsudgifter over fem år er opgjort til 61,3 mio. kr. mod 74,8 mio. kr. for de hidtidige løsninger, svarende til en reduktion på 18 procent.</li>
<li><strong>Fælles analysekoder:</strong> Alle deltagende regioner anvender NPU-koder i den nye løsning. Svarudveksling via MedCom-standarder er etableret i Region Midtjylland og Region Sjælland.</li>
</ul>
<h2>Erfaringer</h2>
<p>Princippet om følg eller forklar har vist sig nyttigt. Ved at kræve en skriftlig begrundelse tidligt i forløbet blev det muligt at indarbejde Region Nordjyllands option i udbudsmaterialet i stedet for at skulle gennemføre et nyt udbud senere. Sekretariatet anbefaler, at fremtidige fælles udbud som udgangspunkt indeholder en tilsvarende option for regioner, der afventer.</p>
<p>Det har været en udfordring, at de faglige arbejdsgrupper havde få timer til rådighed i sommerperioden. Fremtidige tidsplaner bør undgå, at evaluering og demonstrationer falder i juli.</p>
<h2>Arkivering</h2>
<p>Sagen lukkes pr. 30. september 2011 og overgår derefter til arkivering.</p>""",
            ),
        ],
    ),

    # ------------------------------------------------------------------
    # 2010: Konsolidering af datacentre
    # ------------------------------------------------------------------
    dict(
        number="10/1452",
        title="Koordinering af regionernes konsolideringsplaner for datacentre",
        description=(
            "Sagen omhandler koordineringen af regionernes planer for at samle "
            "de mange datacentre og serverrum, som regionerne overtog fra amterne. "
            "Region Syddanmark er lederregion for koordineringen. Målet var færre, "
            "mere robuste driftsmiljøer med fælles principper for redundans og "
            "beredskab."
        ),
        category="konsolidering",
        status="arkiveret",
        responsible="tbn",
        lead_region="syddanmark",
        participating_regions=["hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland"],
        opened="2010-04-12",
        closed="2014-03-31",
        documents=[
            dict(
                number="24530/10",
                kind="beslutningsoplaeg",
                title="Beslutningsoplæg: Koordinering af konsolideringsplaner for datacentre",
                date="2010-05-17",
                author="tbn",
                status="endelig",
                body="""<h2>Indstilling</h2>
<p>Sekretariatet indstiller, at styregruppen godkender, at regionernes planer for konsolidering af datacentre koordineres i et fælles projekt med Region Syddanmark som lederregion, og at projektet udarbejder fælles principper for placering, redundans og beredskab inden udgangen af 2010.</p>
<h2>Baggrund</h2>
<p>Regionerne overtog ved strukturreformen i 2007 i alt 41 datacentre og større serverrum fra amterne og H:S. En kortlægning fra marts 2010 viser, at 17 af dem ikke lever op til gængse krav til nødstrøm, køling og fysisk adgangskontrol, og at flere kritiske kliniske systemer, herunder EPJ og laboratoriesystemerne, kører uden geografisk adskilt redundans.</p>
<p>Alle fem regioner har egne planer for at samle driften, men planerne er udarbejdet uafhængigt af hinanden. Der er derfor risiko for, at regionerne investerer parallelt i kapacitet, som med fordel kunne deles, for eksempel ved at to regioner gensidigt huser hinandens backup-miljøer.</p>
<h2>Tidsplan</h2>
<ul>
<li>Juni–september 2010: fælles kortlægning af kapacitet, alder og driftsomkostninger.</li>
<li>Oktober–december 2010: fælles principper for placering, redundans og beredskab.</li>
<li>2011–2013: regionernes egne konsolideringsprojekter gennemføres efter de fælles principper.</li>
<li>Årlig statusrapport til styregruppen i 4. kvartal.</li>
</ul>
<h2>Succesmål</h2>
<ul>
<li>Antallet af datacentre og større serverrum er reduceret fra 41 til højst 12 ved udgangen af 2013.</li>
<li>Alle kritiske kliniske systemer kører med geografisk adskilt redundans.</li>
<li>Mindst to aftaler om gensidig hosting af backup-miljøer mellem regioner er indgået.</li>
</ul>
<h2>Anbefalet lederregion</h2>
<p>Region Syddanmark anbefales som lederregion, fordi regionen er længst fremme med sin egen konsolidering og allerede har etableret to nye driftscentre i Odense og Vejle med plads til udvidelse.</p>
<h2>Økonomi</h2>
<p>Koordineringen finansieres af sekretariatets fællesbudget med 1,5 mio. kr. i 2010 og 0,8 mio. kr. årligt i 2011–2013. Regionernes egne investeringer i konsolidering afholdes af regionerne og forventes samlet at udgøre 250–300 mio. kr.</p>""",
            ),
            dict(
                number="13145/11",
                kind="notat",
                title="Notat: Fælles principper for placering af driftsmiljøer",
                date="2011-03-14",
                author="tbn",
                status="endelig",
                body="""<h2>Formål</h2>
<p>Notatet beskriver de fælles principper for placering af regionernes driftsmiljøer, som projektgruppen har udarbejdet, og som styregruppen tiltrådte på mødet den 24. februar 2011. Principperne er vejledende, men regionerne har forpligtet sig til at forklare afvigelser i deres årlige statusindberetning.</p>
<h2>Principperne</h2>
<ol>
<li><strong>To adskilte driftscentre pr. region.</strong> Hver region driver sine kritiske systemer fra mindst to driftscentre med en indbyrdes afstand på mindst 10 km, så en lokal hændelse ikke rammer begge.</li>
<li><strong>Klassifikation af systemer.</strong> Systemer klassificeres i tre niveauer. Niveau 1 omfatter systemer, hvis nedbrud umiddelbart påvirker patientbehandlingen, fx EPJ, medicinmodul, laboratoriesystemer og PACS/RIS. Niveau 1-systemer skal kunne genetableres på det sekundære driftscenter inden for fire timer.</li>
<li><strong>Fælles minimumskrav til fysisk sikring.</strong> Nødstrøm med mindst 48 timers brændstof, redundant køling, adgangskontrol med logning og brandsikring efter DBI-retningslinjerne.</li>
<li><strong>Deling af kapacitet.</strong> Ledig kapacitet i et driftscenter tilbydes først de øvrige regioner, før der investeres i ny kapacitet.</li>
<li><strong>Netværk.</strong> Driftscentrene forbindes til Sundhedsdatanettet med to fysisk adskilte forbindelser.</li>
</ol>
<h2>Afvigelser</h2>
<p>Region Nordjylland har oplyst, at regionens sekundære driftscenter i en overgangsperiode til udgangen af 2012 ligger mindre end 10 km fra det primære. Regionen har begrundet afvigelsen med, at det nye driftscenter i Hjørring først står færdigt i efteråret 2012. Projektgruppen finder begrundelsen tilstrækkelig.</p>
<h2>Videre arbejde</h2>
<p>Sekretariatet følger op på regionernes implementering af principperne i den årlige statusrapport. Principperne revideres senest i 2013.</p>""",
            ),
            dict(
                number="58321/12",
                kind="statusrapport",
                title="Statusrapport 2012: Konsolidering af datacentre",
                date="2012-11-20",
                author="tbn",
                status="endelig",
                body="""<h2>Samlet status</h2>
<p>Konsolideringen er godt på vej. Antallet af datacentre og større serverrum er reduceret fra 41 i 2010 til 19 pr. 1. november 2012. Fire regioner forventer at nå deres mål inden udgangen af 2013, mens Region Hovedstaden har meddelt en forsinkelse på ca. seks måneder. Den samlede status vurderes som <strong>gul</strong>.</p>
<h2>Status pr. region</h2>
<ul>
<li><strong>Region Hovedstaden:</strong> 11 datacentre reduceret til 6. Flytningen af serverrummene på Glostrup og Gentofte afventer en afklaring af placeringen af regionens kommende kliniske platform. Forventet afslutning: 2. kvartal 2014.</li>
<li><strong>Region Sjælland:</strong> 8 reduceret til 3. Det sidste serverrum i Næstved lukkes i marts 2013.</li>
<li><strong>Region Syddanmark:</strong> 9 reduceret til 2. Regionen har opfyldt målet.</li>
<li><strong>Region Midtjylland:</strong> 8 reduceret til 5. Det nye driftscenter i Aarhus tages i brug i februar 2013, hvorefter tre serverrum lukkes.</li>
<li><strong>Region Nordjylland:</strong> 5 reduceret til 3. Driftscentret i Hjørring blev taget i brug i oktober 2012.</li>
</ul>
<h2>Deling af kapacitet</h2>
<p>Region Syddanmark og Region Sjælland har indgået aftale om, at Region Sjællands backup-miljø for EPJ placeres i Region Syddanmarks driftscenter i Vejle. Region Midtjylland og Region Nordjylland forhandler om en tilsvarende aftale. Dermed er ét af de to mål om gensidig hosting nået.</p>
<h2>Økonomi</h2>
<p>Regionerne har samlet investeret 184 mio. kr. i perioden 2010–2012. De årlige driftsudgifter til lokaler, strøm og køling er reduceret med anslået 21 mio. kr.</p>
<h2>Anbefaling</h2>
<p>Sekretariatet anbefaler, at styregruppen tager statusrapporten til efterretning og accepterer Region Hovedstadens forsinkede tidsplan, idet forsinkelsen er begrundet i regionens forestående beslutning om klinisk platform.</p>""",
            ),
            dict(
                number="09874/14",
                kind="bilag",
                title="Bilag: Oversigt over datacentre før og efter konsolideringen",
                date="2014-02-24",
                author="akr",
                status="endelig",
                body="""<p>Bilaget hører til sekretariatets afsluttende orientering om konsolideringen af datacentre, som blev forelagt styregruppen på mødet den 6. marts 2014. Tallene er indberettet af regionerne pr. 31. januar 2014.</p>
<table>
<thead>
<tr><th>Region</th><th>Datacentre 2010</th><th>Datacentre 2014</th><th>Geografisk redundans for niveau 1-systemer</th></tr>
</thead>
<tbody>
<tr><td>Region Hovedstaden</td><td>11</td><td>3</td><td>Ja, fra december 2013</td></tr>
<tr><td>Region Sjælland</td><td>8</td><td>2</td><td>Ja, backup i Region Syddanmark</td></tr>
<tr><td>Region Syddanmark</td><td>9</td><td>2</td><td>Ja</td></tr>
<tr><td>Region Midtjylland</td><td>8</td><td>2</td><td>Ja</td></tr>
<tr><td>Region Nordjylland</td><td>5</td><td>2</td><td>Ja, backup i Region Midtjylland</td></tr>
<tr><td><strong>I alt</strong></td><td><strong>41</strong></td><td><strong>11</strong></td><td>–</td></tr>
</tbody>
</table>
<h3>Bemærkninger</h3>
<p>Målet om højst 12 datacentre er nået med 11. Region Hovedstaden nåede sit mål tidligere end forventet i statusrapporten for 2012, fordi flytningen af serverrummet på Gentofte kunne fremrykkes.</p>
<p>Der er indgået to aftaler om gensidig hosting af backup-miljøer: mellem Region Syddanmark og Region Sjælland (2012) og mellem Region Midtjylland og Region Nordjylland (2013). Begge aftaler er indgået som gensidige aftaler uden betaling ud over de faktiske udgifter til strøm og køling.</p>
<p>Regionerne har samlet investeret 262 mio. kr. i perioden 2010–2013, svarende til budgettets nedre halvdel. De årlige besparelser på lokaler, strøm og køling er opgjort til 34 mio. kr.</p>""",
            ),
        ],
    ),

    # ------------------------------------------------------------------
    # 2012: Fælles strategi 2013-2016
    # ------------------------------------------------------------------
    dict(
        number="12/0783",
        title="Fælles strategi for regionernes sundheds-it 2013–2016",
        description=(
            "Sagen indeholder arbejdet med regionernes fælles strategi for "
            "sundheds-it for perioden 2013–2016 og den første handlingsplan. "
            "Strategien blev godkendt af styregruppen i december 2012 og afløst "
            "af senere strategier."
        ),
        category="egen_drift",
        status="arkiveret",
        responsible="sekretariat",
        lead_region=None,
        participating_regions=["hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland"],
        opened="2012-02-01",
        closed="2013-12-31",
        documents=[
            dict(
                number="07020/12",
                kind="notat",
                title="Notat: Proces for udarbejdelse af fælles strategi 2013–2016",
                date="2012-02-08",
                author="sekretariat",
                status="endelig",
                body="""<h2>Formål</h2>
<p>Den nuværende fælles strategi for regionernes sundheds-it udløber med udgangen af 2012. Notatet beskriver den proces, som sekretariatet foreslår for udarbejdelsen af en ny strategi for 2013–2016, herunder inddragelsen af regionernes it-direktører, de kliniske fagmiljøer og Danske Regioner.</p>
<h2>Proces</h2>
<ol>
<li><strong>Marts–april 2012: Erfaringsopsamling.</strong> Sekretariatet gennemfører interview med de fem it-direktører og opsamler erfaringer fra de samarbejdsprojekter, der er gennemført under den nuværende strategi, herunder det fælles udbud af laboratoriesystem og konsolideringen af datacentre.</li>
<li><strong>Maj 2012: Temadag for styregruppen.</strong> Styregruppen drøfter pejlemærker og ambitionsniveau på en temadag med oplæg fra to kliniske ledere og en repræsentant fra den nationale sundheds-it-organisation.</li>
<li><strong>Juni–august 2012: Udkast.</strong> Sekretariatet udarbejder udkast til strategi i dialog med en skrivegruppe med én repræsentant pr. region.</li>
<li><strong>September–oktober 2012: Høring.</strong> Udkastet sendes i høring i regionerne. Hver region afgiver ét samlet høringssvar.</li>
<li><strong>December 2012: Godkendelse.</strong> Styregruppen godkender den endelige strategi, hvorefter sekretariatet udarbejder en handlingsplan for 2013.</li>
</ol>
<h2>Principper for strategien</h2>
<p>Sekretariatet foreslår, at den nye strategi bliver kortere og mere forpligtende end den nuværende, og at den fokuserer på de områder af regionernes sundhedsit, hvor fælles løsninger giver størst gevinst. Strategien bør indeholde få, tydelige mål, som kan følges op på årligt, og den bør fastholde princippet om følg eller forklar som grundlag for regionernes deltagelse i fælles projekter.</p>
<h2>Ressourcer</h2>
<p>Arbejdet varetages af sekretariatschefen og én chefkonsulent. Udgifter til temadag og ekstern facilitering anslås til 0,2 mio. kr. og afholdes inden for sekretariatets budget.</p>""",
            ),
            dict(
                number="60110/12",
                kind="strategi",
                title="Fælles strategi for regionernes sundheds-it 2013–2016",
                date="2012-11-29",
                author="sekretariat",
                status="endelig",
                body="""<h2>Baggrund</h2>
<p>De fem regioner har siden 2007 arbejdet sammen om sundheds-it på områder, hvor det giver bedre løsninger for patienterne og en bedre udnyttelse af ressourcerne end at hver region handler alene. Samarbejdet har leveret resultater: Et fælles udbud af laboratoriesystem har reduceret udgifterne med 18 procent, og konsolideringen af datacentre har halveret antallet af driftsmiljøer og givet alle kritiske kliniske systemer geografisk redundans.</p>
<p>Samtidig står regionerne over for en række nye udfordringer. Patienterne behandles i stigende grad på tværs af sygehuse, regioner og kommuner, og de forventer, at oplysningerne følger med. Regionerne er i gang med store valg af kliniske platforme, og Region Hovedstaden og Region Sjælland har besluttet at anskaffe en fælles klinisk platform, Sundhedsplatformen. Den nationale strategi for digitalisering af sundhedsvæsenet stiller krav om fælles standarder, og kravene til informationssikkerhed skærpes.</p>
<p>Denne strategi fastlægger retningen for regionernes fælles indsats i perioden 2013–2016. Den er udarbejdet af sekretariatet i samarbejde med regionernes it-direktører og godkendt af styregruppen den 13. december 2012.</p>
<h2>Mål</h2>
<p>Strategien har fire overordnede mål:</p>
<ol>
<li><strong>Sammenhæng for patienten.</strong> Relevante kliniske oplysninger skal være tilgængelige for sundhedspersoner, uanset hvilken region patienten behandles i. I 2016 skal alle regioner kunne se hinandens epikriser, prøvesvar og billedbeskrivelser.</li>
<li><strong>Effektiv anvendelse af fællesskabets midler.</strong> Regionerne skal undgå parallelle investeringer. Nye anskaffelser over 20 mio. kr. skal forelægges styregruppen med henblik på vurdering af, om de kan gennemføres i fællesskab.</li>
<li><strong>Sikker og stabil drift.</strong> Regionernes kritiske kliniske systemer skal have en oppetid på mindst 99,8 procent, og regionerne skal have et fælles grundlag for informationssikkerhed.</li>
<li><strong>Fælles standarder.</strong> Regionerne skal anvende de nationale standarder fra MedCom og de fælles kodeværker, så data kan udveksles og genbruges.</li>
</ol>
<h2>Indsatser</h2>
<h3>Indsatsområde 1: Deling af kliniske data</h3>
<p>Regionerne etablerer en fælles løsning for opslag i hinandens journaloplysninger via den nationale e-journal og sikrer, at alle regioner leverer data dertil i ensartet kvalitet. Region Midtjylland leder indsatsen.</p>
<h3>Indsatsområde 2: Fælles anskaffelser</h3>
<p>Regionerne udarbejder en fælles anskaffelsesplan, der viser, hvornår de enkelte regioners kontrakter udløber på de største systemområder: PACS/RIS, laboratoriesystemer, patientadministration, telefoni og infrastruktur. Planen opdateres årligt og danner grundlag for at identificere nye fælles udbud. Region Syddanmark leder indsatsen.</p>
<h3>Indsatsområde 3: Sikker kommunikation</h3>
<p>Regionerne indfører en fælles løsning for sikker mail mellem regionerne, kommunerne og almen praksis og udbreder brugen af MedCom-meddelelser i stedet for papir og fax. Region Nordjylland leder indsatsen.</p>
<h3>Indsatsområde 4: Informationssikkerhed</h3>
<p>Regionerne udarbejder en fælles sikkerhedspolitik og fælles retningslinjer for adgangsstyring, logning og håndtering af sikkerhedshændelser. Region Sjælland leder indsatsen.</p>
<h3>Indsatsområde 5: Koordineret videreudvikling</h3>
<p>Regionerne koordinerer videreudviklingen af de kliniske platforme, så ændringer i nationale krav, fx til Fælles Medicinkort, kun analyseres én gang. Region Hovedstaden leder indsatsen.</p>
<h2>Økonomi</h2>
<p>Sekretariatets budget fastlægges som en fast ramme på 9,5 mio. kr. årligt i 2013–2015 og finansieres af regionerne efter bloktilskudsnøglen. Rammen dækker sekretariatets løn- og driftsudgifter samt forberedelse af fælles projekter. Selve projekterne finansieres af de deltagende regioner efter en fordelingsnøgle, som fastlægges i det enkelte beslutningsoplæg.</p>
<p>Styregruppen drøfter rammen for 2016 på sit møde i efteråret 2015 på baggrund af en evaluering af strategiens første tre år.</p>
<h2>Opfølgning</h2>
<p>Sekretariatet udarbejder hvert år en handlingsplan med konkrete indsatser, ansvarlig region og frist. Handlingsplanen godkendes af styregruppen på årets første møde. Sekretariatet rapporterer status på handlingsplanen to gange årligt, og hver indsats rapporteres med en samlet vurdering af tid, økonomi og kvalitet.</p>
<p>Regionernes deltagelse i de fælles projekter følger princippet om følg eller forklar. En region, der afstår eller afventer, skal begrunde det skriftligt, og begrundelsen journaliseres i projektets sag, så det altid er muligt at se, hvem der deltager, og hvorfor.</p>
<p>Strategien evalueres i 2016 forud for udarbejdelsen af en ny strategi.</p>""",
            ),
            dict(
                number="05044/13",
                kind="handlingsplan",
                title="Handlingsplan 2013 for den fælles strategi",
                date="2013-01-28",
                author="lhj",
                status="endelig",
                body="""<h2>Indledning</h2>
<p>Handlingsplanen omsætter den fælles strategi for regionernes sundheds-it 2013–2016 til konkrete indsatser i 2013. Planen blev godkendt af styregruppen den 7. februar 2013. Status er opdateret pr. 31. december 2013 og danner grundlag for handlingsplanen for 2014.</p>
<h2>Indsatser</h2>
<table>
<thead>
<tr><th>Indsats</th><th>Ansvarlig region</th><th>Frist</th><th>Status</th></tr>
</thead>
<tbody>
<tr><td>Koordineret analyse af nationale krav til Fælles Medicinkort på tværs af kliniske platforme</td><td>Region Hovedstaden</td><td>30-09-2013</td><td>Gennemført</td></tr>
<tr><td>Fælles retningslinjer for adgangsstyring og logning i kliniske systemer</td><td>Region Sjælland</td><td>31-10-2013</td><td>Forsinket, forventes 1. kvartal 2014</td></tr>
<tr><td>Fælles anskaffelsesplan med kontraktudløb for de største systemområder</td><td>Region Syddanmark</td><td>30-06-2013</td><td>Gennemført</td></tr>
<tr><td>Ensartet levering af epikriser og prøvesvar til den nationale e-journal</td><td>Region Midtjylland</td><td>31-12-2013</td><td>Gennemført i fire regioner</td></tr>
<tr><td>Beslutningsoplæg om fælles sikker mail og udfasning af fax</td><td>Region Nordjylland</td><td>30-09-2013</td><td>Gennemført</td></tr>
</tbody>
</table>
<h2>Bemærkninger til status</h2>
<p>Indsatsen om adgangsstyring og logning er forsinket, fordi arbejdet afventede de nationale anbefalinger om log-opslag, som først blev offentliggjort i september 2013. Region Sjælland har fremlagt en revideret tidsplan, og et udkast til retningslinjer er sendt i høring i regionerne.</p>
<p>Levering af data til den nationale e-journal er gennemført i fire regioner. Region Hovedstaden leverer fortsat epikriser, men ikke prøvesvar, fordi regionen ikke vil ændre i sine eksisterende laboratoriesystemer, så kort tid før idriftsættelsen af Sundhedsplatformen. Regionen har begrundet forholdet skriftligt efter princippet om følg eller forklar.</p>
<p>Den fælles anskaffelsesplan viser, at fire regioner har kontrakter på PACS/RIS, der udløber i perioden 2019–2021. Sekretariatet foreslår, at et muligt fælles udbud tages op i handlingsplanen for 2017.</p>""",
            ),
        ],
    ),

    # ------------------------------------------------------------------
    # 2013: Sikker mail og MedCom-kommunikation
    # ------------------------------------------------------------------
    dict(
        number="13/2205",
        title="Fælles sikker mail og udfasning af fax i regionerne",
        description=(
            "Sagen omhandler etableringen af en fælles løsning for sikker mail "
            "mellem regionerne, kommunerne og almen praksis samt udfasningen af "
            "fax til udveksling af patientoplysninger. Region Nordjylland er "
            "lederregion. Løsningen blev udbredt i 2014–2016."
        ),
        category="tvaergaaende",
        status="arkiveret",
        responsible="akr",
        lead_region="nordjylland",
        participating_regions=["hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland"],
        opened="2013-09-02",
        closed="2017-06-30",
        documents=[
            dict(
                number="46620/13",
                kind="beslutningsoplaeg",
                title="Beslutningsoplæg: Fælles sikker mail og udfasning af fax",
                date="2013-09-16",
                author="akr",
                status="endelig",
                body="""<h2>Indstilling</h2>
<p>Sekretariatet indstiller, at styregruppen godkender, at regionerne etablerer en fælles løsning for sikker mail baseret på den nationale infrastruktur for sikker e-mail, at Region Nordjylland udpeges som lederregion, og at brugen af fax til udveksling af personoplysninger ophører i alle regioner senest den 31. december 2015.</p>
<h2>Baggrund</h2>
<p>Regionerne sender fortsat et betydeligt antal faxer med patientoplysninger til kommuner, almen praksis, private klinikker og hinanden. En stikprøve fra maj 2013 viser, at sygehusene tilsammen sender ca. 1,9 mio. faxer om året, og at der hvert år registreres sikkerhedshændelser, hvor faxer er sendt til et forkert nummer. Samtidig bruger flere afdelinger almindelig e-mail til at sende oplysninger, som ikke er beskyttet tilstrækkeligt.</p>
<p>MedCom-standarderne dækker størstedelen af den strukturerede kommunikation, men der er et behov for en sikker kanal til den ustrukturerede kommunikation, fx til at sende en scannet henvisning eller et svar fra en privat speciallæge.</p>
<h2>Tidsplan</h2>
<ul>
<li>4. kvartal 2013: fælles teknisk løsning og adressebog.</li>
<li>1. halvår 2014: pilotdrift i Region Nordjylland og Region Midtjylland.</li>
<li>2. halvår 2014 – 2015: udbredelse i alle regioner.</li>
<li>31. december 2015: fax udfases til udveksling af personoplysninger.</li>
</ul>
<h2>Succesmål</h2>
<ul>
<li>Alle sygehusafdelinger kan sende og modtage sikker mail ved udgangen af 2015.</li>
<li>Antallet af faxer med personoplysninger er reduceret med mindst 95 procent.</li>
<li>Der registreres ingen sikkerhedshændelser som følge af fejlsendt fax efter 2015.</li>
</ul>
<h2>Anbefalet lederregion</h2>
<p>Region Nordjylland anbefales som lederregion. Regionen har allerede sikker mail i drift på to sygehuse og har erfaring med integrationen mellem mailsystem, EPJ og den nationale adressebog.</p>
<h2>Økonomi</h2>
<p>Etablering af den fælles løsning anslås til 3,8 mio. kr., der fordeles efter bloktilskudsnøglen. Den årlige drift anslås til 1,1 mio. kr. Besparelserne ved at udfase fax, herunder linjer, udstyr og papir, anslås til ca. 4 mio. kr. årligt fra 2016.</p>""",
            ),
            dict(
                number="03577/14",
                kind="notat",
                title="Notat: Regionernes tilslutning til fælles sikker mail",
                date="2014-01-20",
                author="akr",
                status="endelig",
                body="""<h2>Formål</h2>
<p>Notatet opsummerer regionernes tilslutning til den fælles løsning for sikker mail, som styregruppen besluttede den 3. oktober 2013. Efter princippet om følg eller forklar deltager alle regioner, medmindre de har givet en skriftlig begrundelse for at afstå eller afvente.</p>
<h2>Tilslutning</h2>
<p>Fire regioner deltager fra start: Region Hovedstaden, Region Syddanmark, Region Midtjylland og Region Nordjylland. Region Sjælland afventer og tilslutter sig løsningen fra 1. oktober 2014.</p>
<h2>Region Sjælland afventer</h2>
<p>Region Sjælland er i gang med at flytte alle medarbejderes postkasser til en ny, central mailplatform. Migreringen omfatter ca. 17.000 postkasser og afsluttes i august 2014. Regionen vurderer, at det vil være uforsvarligt at indføre sikker mail på den gamle platform og derefter skulle flytte funktionen igen få måneder senere. Regionen deltager i arbejdsgruppen om den fælles adressebog i hele perioden, så regionens afdelinger er registreret, når tilslutningen sker.</p>
<p>Sekretariatet vurderer, at begrundelsen er vægtig, og at udsættelsen ikke forsinker de øvrige regioner. Region Sjælland betaler sin andel af etableringsudgifterne fra start, så den fælles finansiering ikke påvirkes.</p>
<h2>Opmærksomhedspunkter</h2>
<ul>
<li>Kommunernes tilslutning er afgørende for, at fax kan udfases. KL er orienteret, og Region Nordjylland holder møde med de nordjyske kommuner i februar 2014.</li>
<li>Privatpraktiserende speciallæger har meget forskellige it-systemer. MedCom er bedt om at vurdere, om løsningen kan gøres tilgængelig via en webbaseret klient.</li>
</ul>""",
            ),
            dict(
                number="32455/15",
                kind="statusrapport",
                title="Statusrapport: Sikker mail og udfasning af fax, 1. halvår 2015",
                date="2015-06-29",
                author="akr",
                status="endelig",
                body="""<h2>Samlet status</h2>
<p>Udbredelsen af sikker mail er gennemført på alle sygehuse i fire regioner og på 80 procent af afdelingerne i Region Sjælland, som tilsluttede sig i oktober 2014 som planlagt. Antallet af faxer med personoplysninger er reduceret med 71 procent i forhold til maj 2013. Den samlede status vurderes som <strong>gul</strong>, fordi målet om 95 procents reduktion ved udgangen af 2015 er i risiko.</p>
<h2>Fremdrift</h2>
<ul>
<li>Der sendes nu ca. 42.000 sikre mails om måneden mellem regionerne og deres samarbejdspartnere.</li>
<li>Den fælles adressebog indeholder 3.412 afdelinger og klinikker.</li>
<li>Alle 98 kommuner kan modtage sikker mail, men kun 61 har indført det i hjemmeplejen og på plejecentrene.</li>
</ul>
<h2>Udfordringer</h2>
<p>Den største udfordring er de privatpraktiserende speciallæger og de mindre private klinikker, hvoraf ca. en tredjedel endnu ikke kan modtage sikker mail. Sygehusene fortsætter derfor med at faxe til disse modtagere. MedCom har i maj 2015 stillet en webbaseret klient til rådighed, og de regionale praksiskonsulenter kontakter klinikkerne i 3. kvartal 2015.</p>
<p>Enkelte afdelinger anvender fortsat fax internt, fx mellem akutmodtagelse og laboratorium. Region Nordjylland har udarbejdet en vejledning om alternativer, som de øvrige regioner er opfordret til at bruge.</p>
<h2>Økonomi</h2>
<p>Etableringsbudgettet på 3,8 mio. kr. er overholdt med et mindreforbrug på 0,3 mio. kr. Den årlige drift er i 2015 på 1,0 mio. kr.</p>
<h2>Anbefaling</h2>
<p>Sekretariatet anbefaler, at fristen for udfasning af fax fastholdes, men at der åbnes for en dispensation til og med 30. juni 2016 for kommunikation med modtagere, der dokumenteret ikke kan modtage sikker mail.</p>""",
            ),
            dict(
                number="29344/17",
                kind="bilag",
                title="Bilag: Nøgletal for sikker mail og fax 2013–2017",
                date="2017-06-12",
                author="akr",
                status="endelig",
                body="""<p>Bilaget indgår i sekretariatets afsluttende orientering til styregruppen om projektet for fælles sikker mail. Tallene er opgjort af Region Nordjylland på grundlag af trafikdata fra den fælles løsning og regionernes egne optællinger af fax.</p>
<table>
<thead>
<tr><th>Nøgletal</th><th>Maj 2013</th><th>Juni 2015</th><th>Maj 2017</th></tr>
</thead>
<tbody>
<tr><td>Faxer med personoplysninger pr. år (sygehuse)</td><td>1.900.000</td><td>550.000</td><td>38.000</td></tr>
<tr><td>Sikre mails pr. måned</td><td>3.000</td><td>42.000</td><td>96.000</td></tr>
<tr><td>Afdelinger og klinikker i adressebogen</td><td>410</td><td>3.412</td><td>4.870</td></tr>
<tr><td>Registrerede hændelser med fejlsendt fax</td><td>64</td><td>23</td><td>2</td></tr>
</tbody>
</table>
<h3>Bemærkninger</h3>
<p>Antallet af faxer med personoplysninger er reduceret med 98 procent, og succesmålet om mindst 95 procent er dermed nået, om end et halvt år senere end planlagt. De resterende faxer sendes hovedsageligt til udenlandske modtagere og til enkelte tandlæger.</p>
<p>De to hændelser med fejlsendt fax i 2017 vedrørte begge kommunikation med udlandet. Regionerne har efterfølgende aftalt, at oplysninger til udenlandske sygehuse som hovedregel sendes via sikker forbindelse eller med krypteret post.</p>
<p>Den fælles løsning overgår pr. 1. juli 2017 til almindelig drift i Region Nordjylland efter en aftale om fælles drift og vedligehold, og sagen afsluttes.</p>""",
            ),
        ],
    ),

    # ------------------------------------------------------------------
    # 2015: Medicinmoduler og Fælles Medicinkort
    # ------------------------------------------------------------------
    dict(
        number="15/3391",
        title="Koordineret videreudvikling af medicinmoduler og integration til Fælles Medicinkort",
        description=(
            "Sagen omhandler den koordinerede videreudvikling af regionernes "
            "medicinmoduler, så de nationale krav til Fælles Medicinkort (FMK) "
            "analyseres og specificeres én gang for alle kliniske platforme. "
            "Region Hovedstaden er lederregion. Projektet blev afsluttet i 2019."
        ),
        category="videreudvikling",
        status="arkiveret",
        responsible="tbn",
        lead_region="hovedstaden",
        participating_regions=["hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland"],
        opened="2015-05-04",
        closed="2019-12-20",
        documents=[
            dict(
                number="26310/15",
                kind="beslutningsoplaeg",
                title="Beslutningsoplæg: Koordineret videreudvikling af medicinmoduler",
                date="2015-05-26",
                author="tbn",
                status="endelig",
                body="""<h2>Indstilling</h2>
<p>Sekretariatet indstiller, at styregruppen godkender et fælles projekt for koordineret videreudvikling af medicinmodulerne i regionernes kliniske platforme med Region Hovedstaden som lederregion, og at projektet i første omgang omfatter de nationale krav til fuld anvendelse af Fælles Medicinkort, herunder opdatering af medicinkortet ved indlæggelse og udskrivning.</p>
<h2>Baggrund</h2>
<p>Regionerne anvender i dag tre forskellige kliniske platforme med hvert sit medicinmodul. Når de nationale krav til Fælles Medicinkort ændres, har hver region hidtil selv analyseret kravene, beskrevet dem over for sin leverandør og testet ændringerne. Erfaringerne fra 2013–2014 viser, at det samme arbejde er udført fem gange, og at regionerne har fortolket enkelte krav forskelligt, hvilket har givet uoverensstemmelser i medicinkortet, når patienter flytter mellem regioner.</p>
<p>Et fælles projekt kan sikre én fælles fortolkning af kravene, fælles testcases og en koordineret tidsplan for idriftsættelse, mens selve udviklingen fortsat sker i hver platform.</p>
<h2>Tidsplan</h2>
<ul>
<li>3. kvartal 2015: fælles kravanalyse og testcases.</li>
<li>4. kvartal 2015 – 2. kvartal 2016: leverandørernes udvikling og fælles test.</li>
<li>2. halvår 2016: idriftsættelse i alle regioner.</li>
<li>2017–2019: løbende håndtering af nye nationale krav i samme model.</li>
</ul>
<h2>Succesmål</h2>
<ul>
<li>Alle regioner opdaterer medicinkortet ved mindst 90 procent af indlæggelser og udskrivninger ved udgangen af 2017.</li>
<li>Nye nationale krav analyseres én gang og implementeres i alle platforme inden for samme kvartal.</li>
<li>Antallet af rapporterede utilsigtede hændelser vedrørende medicinoverførsel mellem sektorer reduceres med 30 procent.</li>
</ul>
<h2>Anbefalet lederregion</h2>
<p>Region Hovedstaden anbefales som lederregion, fordi regionen sammen med Region Sjælland er i gang med at indføre Sundhedsplatformen og i forvejen har en stor gruppe farmaceuter og kliniske informatikere, der arbejder med medicinmodulet.</p>
<h2>Økonomi</h2>
<p>Det fælles analyse- og testarbejde anslås til 6,5 mio. kr. i 2015–2016, fordelt efter bloktilskudsnøglen. Udgifterne til leverandørernes udvikling afholdes af regionerne på de enkelte platforme og anslås samlet til 18–24 mio. kr.</p>""",
            ),
            dict(
                number="12398/16",
                kind="moedereferat",
                title="Referat af følgegruppemøde om medicinmoduler, 8. marts 2016",
                date="2016-03-09",
                author="tbn",
                status="endelig",
                body="""<p><strong>Mødested:</strong> Region Hovedstaden, Kongens Vænge 2, Hillerød<br>
<strong>Deltagere:</strong> Dorthe Wulff Kragh (projektleder, Region Hovedstaden), Niels Aage Bonde (Region Sjælland), Rikke Sommer Lind (Region Syddanmark), Anders Krag Villadsen (Region Midtjylland), Jette Brøndum (Region Nordjylland), Thomas Bruun Nørgaard (sekretariatet, referent)</p>
<h2>1. Status på fælles test</h2>
<p>Dorthe Wulff Kragh orienterede om, at 212 af de 240 fælles testcases er gennemført på alle tre platforme. 19 testcases er fejlet, heraf 14 på én platform og 5 på to platforme. De fejlede testcases vedrører især håndtering af pauserede ordinationer og dosisdispensering.</p>
<p><strong>Beslutning:</strong> Følgegruppen godkendte, at fejlene på dosisdispensering prioriteres højest, og at de berørte leverandører skal levere rettelser senest den 15. april 2016.</p>
<h2>2. Fortolkning af krav om afstemning ved udskrivning</h2>
<p>Der har været forskellige fortolkninger af, om medicinkortet skal afstemmes, når en patient overflyttes mellem afdelinger i samme region. Region Midtjylland har implementeret afstemning ved hver overflytning, mens de øvrige kun afstemmer ved udskrivning.</p>
<p><strong>Beslutning:</strong> Følgegruppen besluttede at anbefale den fælles fortolkning, at afstemning er obligatorisk ved udskrivning og ved overflytning mellem sygehuse, men ikke ved overflytning mellem afdelinger på samme sygehus. Sekretariatet forelægger anbefalingen for styregruppen.</p>
<h2>3. Tidsplan for idriftsættelse</h2>
<p>Region Sjælland har oplyst, at idriftsættelsen af Sundhedsplatformen i regionen gør det nødvendigt at udskyde den nye FMK-funktionalitet til november 2016. De øvrige regioner fastholder september 2016.</p>
<p><strong>Beslutning:</strong> Følgegruppen tog orienteringen til efterretning.</p>
<h2>4. Eventuelt</h2>
<p>Næste møde holdes den 2. juni 2016 i Aarhus.</p>""",
            ),
            dict(
                number="57240/17",
                kind="statusrapport",
                title="Statusrapport 2017: Medicinmoduler og Fælles Medicinkort",
                date="2017-11-14",
                author="tbn",
                status="endelig",
                body="""<h2>Samlet status</h2>
<p>Den nye FMK-funktionalitet er i drift i alle fem regioner. Opdateringsgraden for medicinkortet ved indlæggelse og udskrivning er steget markant og ligger i oktober 2017 mellem 87 og 96 procent. Den samlede status vurderes som <strong>grøn</strong>.</p>
<h2>Opdateringsgrad pr. region, oktober 2017</h2>
<table>
<thead>
<tr><th>Region</th><th>Ved indlæggelse</th><th>Ved udskrivning</th></tr>
</thead>
<tbody>
<tr><td>Region Hovedstaden</td><td>91 %</td><td>94 %</td></tr>
<tr><td>Region Sjælland</td><td>87 %</td><td>90 %</td></tr>
<tr><td>Region Syddanmark</td><td>93 %</td><td>95 %</td></tr>
<tr><td>Region Midtjylland</td><td>95 %</td><td>96 %</td></tr>
<tr><td>Region Nordjylland</td><td>92 %</td><td>93 %</td></tr>
</tbody>
</table>
<h2>Koordinering af nye krav</h2>
<p>I 2017 er to nye versioner af de nationale krav håndteret i den fælles model. Den fælles kravanalyse tog i gennemsnit seks uger, og ændringerne blev sat i drift i alle regioner inden for samme kvartal. Regionerne vurderer, at modellen har sparet ca. 3.000 konsulenttimer i forhold til tidligere.</p>
<h2>Utilsigtede hændelser</h2>
<p>Antallet af rapporterede utilsigtede hændelser om medicinoverførsel mellem sektorer er faldet med 22 procent fra 2015 til 2017. Målet på 30 procent er endnu ikke nået. Analysen viser, at mange hændelser nu skyldes manglende opdatering i kommunernes omsorgssystemer, som ligger uden for projektets rækkevidde.</p>
<h2>Anbefaling</h2>
<p>Sekretariatet anbefaler, at projektet forlænges til udgangen af 2019 som en permanent koordineringsfunktion for nationale krav til medicinmoduler, og at regionerne i samarbejde med KL tager initiativ til en fælles opfølgning på kommunernes opdatering af medicinkortet.</p>""",
            ),
            dict(
                number="61877/19",
                kind="notat",
                title="Afslutningsnotat: Koordineret videreudvikling af medicinmoduler",
                date="2019-12-10",
                author="tbn",
                status="endelig",
                body="""<h2>Resumé</h2>
<p>Projektet om koordineret videreudvikling af medicinmoduler afsluttes med udgangen af 2019. Koordineringen af nationale krav til Fælles Medicinkort og det kommende Fælles Medicinkort i version 2 overgår fra 1. januar 2020 til regionernes faste forum for kliniske platforme, som Region Hovedstaden fortsat sekretariatsbetjener.</p>
<h2>Resultater</h2>
<ul>
<li>Alle fem regioner har siden 2016 haft en opdateringsgrad på over 90 procent ved udskrivning.</li>
<li>Syv versioner af de nationale krav er analyseret i fællesskab og sat i drift i alle platforme inden for samme kvartal.</li>
<li>Antallet af utilsigtede hændelser om medicinoverførsel mellem sektorer er faldet med 34 procent fra 2015 til 2019, og succesmålet på 30 procent er dermed nået.</li>
<li>De fælles testcases er samlet i et testbibliotek med 412 cases, som regionerne fortsat vedligeholder.</li>
</ul>
<h2>Økonomi</h2>
<p>Det fælles analyse- og testarbejde har i alt kostet 11,2 mio. kr. i perioden 2015–2019. Regionernes udgifter til leverandørudvikling er opgjort til 21,4 mio. kr. og ligger inden for det oprindelige skøn.</p>
<h2>Erfaringer</h2>
<p>Den væsentligste erfaring er, at en fælles fortolkning af nationale krav er mere værdifuld end fælles udvikling. Regionerne bevarer deres egne platforme og leverandører, men undgår, at samme krav fortolkes forskelligt. Modellen anbefales anvendt på andre områder med nationale krav, fx patientadministration og indberetning til Landspatientregisteret.</p>
<p>Sagen lukkes og overgår til arkivering.</p>""",
            ),
        ],
    ),

    # ------------------------------------------------------------------
    # 2017: Fælles drift af netværk
    # ------------------------------------------------------------------
    dict(
        number="17/1028",
        title="Fælles drift af regionernes netværksforbindelser til Sundhedsdatanettet",
        description=(
            "Sagen omhandler samlingen af regionernes drift af forbindelserne til "
            "Sundhedsdatanettet og de interregionale netværksforbindelser i én "
            "fælles driftsaftale. Region Sjælland er lederregion og driftsansvarlig. "
            "Sagen indeholder driftsaftalens hovedpunkter, status og læring efter "
            "driftsforstyrrelsen i januar 2021."
        ),
        category="drift",
        status="lukket",
        responsible="mso",
        lead_region="sjaelland",
        participating_regions=["hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland"],
        opened="2017-03-01",
        closed="2021-12-17",
        documents=[
            dict(
                number="14230/17",
                kind="beslutningsoplaeg",
                title="Beslutningsoplæg: Fælles drift af netværksforbindelser",
                date="2017-03-20",
                author="mso",
                status="endelig",
                body="""<h2>Indstilling</h2>
<p>Sekretariatet indstiller, at styregruppen godkender, at driften af regionernes forbindelser til Sundhedsdatanettet og de interregionale forbindelser samles i én fælles driftsaftale med Region Sjælland som driftsansvarlig region fra 1. januar 2018.</p>
<h2>Baggrund</h2>
<p>Hver region driver i dag sine egne forbindelser til Sundhedsdatanettet og har sin egen aftale med en teleoperatør. Overvågning, fejlretning og ændringer håndteres forskelligt, og ved fejl, der berører flere regioner, er det uklart, hvem der koordinerer. I 2016 var der tre hændelser, hvor udvekslingen af røntgenbilleder og prøvesvar mellem regioner var afbrudt i mere end fire timer, fordi fejlsøgningen gik på tværs af flere driftsorganisationer.</p>
<p>Region Sjælland har tilbudt at samle driften i regionens netværkscenter, som i forvejen har døgnbemanding og overvåger regionens egne forbindelser.</p>
<h2>Tidsplan</h2>
<ul>
<li>April–september 2017: driftsaftale og servicemål udarbejdes.</li>
<li>Oktober–december 2017: overdragelse af dokumentation og overvågning fra de øvrige regioner.</li>
<li>1. januar 2018: fælles drift starter.</li>
<li>2019: evaluering og eventuelt fælles udbud af teleforbindelser.</li>
</ul>
<h2>Succesmål</h2>
<ul>
<li>Oppetiden for de interregionale forbindelser er mindst 99,95 procent.</li>
<li>Alle fejl, der berører mere end én region, har én ansvarlig koordinator fra første henvendelse.</li>
<li>De samlede driftsudgifter reduceres med mindst 10 procent fra 2019.</li>
</ul>
<h2>Anbefalet lederregion</h2>
<p>Region Sjælland anbefales som lederregion og driftsansvarlig på grund af det eksisterende døgnbemandede netværkscenter og regionens centrale geografiske placering i forhold til forbindelserne mellem Øst- og Vestdanmark.</p>
<h2>Økonomi</h2>
<p>Den fælles drift anslås til 7,4 mio. kr. årligt, som fordeles efter antal tilsluttede lokationer. Regionernes nuværende samlede udgifter er opgjort til 8,6 mio. kr. årligt. Etableringen koster engangsudgifter på 1,2 mio. kr.</p>""",
            ),
            dict(
                number="49512/17",
                kind="bilag",
                title="Bilag: Hovedpunkter i driftsaftalen om fælles netværksdrift",
                date="2017-10-02",
                author="mso",
                status="endelig",
                body="""<p>Bilaget sammenfatter hovedpunkterne i den driftsaftale, som regionerne indgår med Region Sjælland om den fælles drift af netværksforbindelserne. Den fulde aftale er vedlagt som særskilt dokument på sagen.</p>
<h2>Aftalens omfang</h2>
<ul>
<li>Overvågning af alle regioners forbindelser til Sundhedsdatanettet og af de interregionale forbindelser, i alt 46 forbindelser.</li>
<li>Fejlhåndtering og koordinering med teleoperatører og regionernes lokale driftsorganisationer.</li>
<li>Gennemførelse af planlagte ændringer efter fælles ændringsproces.</li>
<li>Månedlig driftsrapport til regionerne og halvårlig status til styregruppen via sekretariatet.</li>
</ul>
<h2>Servicemål</h2>
<table>
<thead>
<tr><th>Område</th><th>Servicemål</th></tr>
</thead>
<tbody>
<tr><td>Oppetid, interregionale forbindelser</td><td>99,95 % pr. måned</td></tr>
<tr><td>Reaktionstid, kritiske fejl</td><td>15 minutter, døgnet rundt</td></tr>
<tr><td>Løsningstid, kritiske fejl</td><td>4 timer</td></tr>
<tr><td>Varsling af planlagte ændringer</td><td>10 arbejdsdage</td></tr>
</tbody>
</table>
<h2>Ansvar og samarbejde</h2>
<p>Region Sjælland er ansvarlig for den fælles drift, mens hver region fortsat er ansvarlig for sit interne netværk og for sine egne sikkerhedsfunktioner, herunder firewalls. Ved hændelser, der berører mere end én region, har Region Sjællands vagthavende koordinator ansvaret for at informere de berørte regioner og for den samlede fejlsøgning.</p>
<h2>Opsigelse</h2>
<p>Aftalen løber til 31. december 2021 og kan forlænges i to gange to år. En region kan udtræde med 12 måneders varsel til udgangen af et kalenderår.</p>""",
            ),
            dict(
                number="17655/19",
                kind="statusrapport",
                title="Statusrapport: Fælles netværksdrift, første driftsår",
                date="2019-04-08",
                author="mso",
                status="endelig",
                body="""<h2>Samlet status</h2>
<p>Den fælles drift startede som planlagt den 1. januar 2018. Det første driftsår er forløbet tilfredsstillende, og servicemålene er overholdt i 11 ud af 12 måneder. Den samlede status vurderes som <strong>grøn</strong>.</p>
<h2>Drift og hændelser</h2>
<p>Oppetiden for de interregionale forbindelser var 99,97 procent i 2018. I august 2018 blev servicemålet ikke overholdt, fordi et gravearbejde ved Slagelse afbrød en fiberforbindelse. Den redundante forbindelse overtog trafikken, men med nedsat kapacitet, hvilket forsinkede overførslen af billeddata mellem Region Sjælland og Region Hovedstaden i ca. seks timer.</p>
<p>Der er registreret 38 hændelser, der berørte mere end én region. I alle tilfælde blev der udpeget en koordinator ved første henvendelse. Regionernes driftschefer vurderer, at samarbejdet er markant forbedret.</p>
<h2>Økonomi</h2>
<p>De samlede udgifter udgjorde 7,2 mio. kr. i 2018 mod et budget på 7,4 mio. kr. Sammenlignet med regionernes tidligere udgifter på 8,6 mio. kr. er der opnået en reduktion på 16 procent, og succesmålet er dermed nået.</p>
<h2>Anbefalinger</h2>
<ul>
<li>Sekretariatet anbefaler, at den redundante forbindelse mellem Region Sjælland og Region Hovedstaden opgraderes, så den kan bære fuld trafik. Udgiften anslås til 0,6 mio. kr. årligt.</li>
<li>Det anbefales, at et fælles udbud af teleforbindelser forberedes i 2020, så det kan træde i kraft ved aftalens udløb i 2021.</li>
</ul>""",
            ),
            dict(
                number="05790/21",
                kind="notat",
                title="Notat: Driftsforstyrrelse i netværket den 14. januar 2021 – forløb og læring",
                date="2021-02-01",
                author="mso",
                status="endelig",
                body="""<h2>Formål</h2>
<p>Notatet beskriver forløbet af den driftsforstyrrelse, der den 14. januar 2021 afbrød forbindelsen mellem Region Syddanmark og Sundhedsdatanettet i 2 timer og 40 minutter, og de tiltag, som regionerne har aftalt for at undgå gentagelse.</p>
<h2>Forløb</h2>
<p>Kl. 07.52 gennemførte teleoperatøren en planlagt opdatering af programmellet i en router i Odense. Opdateringen var varslet til Region Sjællands netværkscenter, men ikke vurderet som risikabel, fordi den redundante forbindelse via Vejle forventedes at overtage trafikken. På grund af en fejl i konfigurationen af den redundante forbindelse, som var indført ved en ændring i november 2020, skete overtagelsen ikke.</p>
<p>Konsekvensen var, at sygehusene i Region Syddanmark ikke kunne slå op i Fælles Medicinkort, i den nationale e-journal eller sende MedCom-meddelelser. Sygehusene overgik til nødprocedurer. Der er ikke registreret patientskader.</p>
<p>Region Sjællands vagthavende koordinator blev alarmeret kl. 07.58 og samlede de berørte parter. Fejlen blev fundet kl. 10.05, og forbindelsen var genetableret kl. 10.32.</p>
<h2>Årsager</h2>
<ul>
<li>Ændringen i november 2020 blev ikke fulgt af en test af den redundante forbindelse.</li>
<li>Den planlagte opdatering blev gennemført i dagtimerne, selv om den berørte en af de mest benyttede forbindelser.</li>
</ul>
<h2>Tiltag</h2>
<ol>
<li>Alle ændringer på interregionale forbindelser skal fremover efterfølges af en dokumenteret test af redundansen.</li>
<li>Opdateringer på forbindelser til Sundhedsdatanettet gennemføres kun i det fælles servicevindue mellem kl. 00.00 og 05.00.</li>
<li>Redundansen på alle forbindelser testes hvert halve år efter en fælles testplan.</li>
</ol>
<p>Styregruppen orienteres om hændelsen på mødet den 25. februar 2021.</p>""",
            ),
        ],
    ),

    # ------------------------------------------------------------------
    # 2019: Fælles udbud af PACS/RIS
    # ------------------------------------------------------------------
    dict(
        number="19/2540",
        title="Fælles udbud af PACS/RIS",
        description=(
            "Sagen omhandler regionernes fælles udbud af systemer til "
            "billedarkivering (PACS) og radiologisk arbejdsgang (RIS). Region "
            "Hovedstaden er lederregion. Fire regioner deltager, mens Region "
            "Midtjylland afstår med skriftlig begrundelse. Kontrakten blev indgået "
            "i 2020, og implementeringen blev afsluttet i 2024."
        ),
        category="indkoeb",
        status="lukket",
        responsible="mso",
        lead_region="hovedstaden",
        participating_regions=["hovedstaden", "sjaelland", "syddanmark", "nordjylland"],
        opened="2019-08-19",
        closed="2024-06-28",
        documents=[
            dict(
                number="46822/19",
                kind="notat",
                title="Notat: Markedsdialog og forudsætninger for fælles udbud af PACS/RIS",
                date="2019-09-17",
                author="mso",
                status="endelig",
                body="""<h2>Formål</h2>
<p>Notatet opsummerer resultatet af den markedsdialog, som sekretariatet og Region Hovedstaden gennemførte i august og september 2019, og de forudsætninger, som et fælles udbud af PACS/RIS bør bygge på.</p>
<h2>Markedsdialogen</h2>
<p>Der er holdt dialogmøder med seks leverandører. Alle leverandører kan levere en løsning, der dækker flere regioner i én installation med adskilte data for hver region. Fire leverandører tilbyder løsningen som en driftet tjeneste, hvor leverandøren står for drift og opgraderinger. To leverandører har indbygget understøttelse af værktøjer til kunstig intelligens i billeddiagnostik, fx til påvisning af lungeknuder og frakturer.</p>
<p>Leverandørerne peger samstemmende på, at migrering af eksisterende billedarkiver er den største risiko. Regionernes arkiver udgør tilsammen ca. 2,4 petabyte, og en migrering vil tage 9–15 måneder pr. region.</p>
<h2>Forudsætninger</h2>
<ol>
<li>Løsningen skal kunne integreres med Sundhedsplatformen og de øvrige kliniske platforme via standardiserede grænseflader (DICOM og HL7).</li>
<li>Billeder og beskrivelser skal kunne deles på tværs af regionerne uden manuel forsendelse.</li>
<li>Udbuddet skal give mulighed for, at en region, der afventer, kan tilslutte sig senere på samme vilkår.</li>
<li>Løsningen skal leve op til regionernes fælles krav til informationssikkerhed og databehandling i EU.</li>
</ol>
<h2>Kontraktudløb</h2>
<p>Fire regioner har kontrakter, der udløber i perioden 2020–2021. Region Midtjylland har i 2018 forlænget sin kontrakt til 2027 og har tilkendegivet, at regionen formentlig ikke deltager.</p>
<h2>Videre proces</h2>
<p>Sekretariatet udarbejder beslutningsoplæg til styregruppens møde den 28. november 2019.</p>""",
            ),
            dict(
                number="57150/19",
                kind="beslutningsoplaeg",
                title="Beslutningsoplæg: Fælles udbud af PACS/RIS",
                date="2019-11-14",
                author="mso",
                status="endelig",
                body="""<h2>Indstilling</h2>
<p>Sekretariatet indstiller, at styregruppen godkender et fælles udbud af PACS/RIS med Region Hovedstaden som lederregion, og at regionerne senest den 31. januar 2020 giver skriftlig tilbagemelding efter princippet om følg eller forklar.</p>
<h2>Baggrund</h2>
<p>Regionerne anvender i dag fem forskellige PACS- og fire forskellige RIS-løsninger. Udveksling af billeder mellem regioner sker via en national løsning, der kræver manuel bestilling og ofte tager flere timer. Det er et problem i akutte forløb, fx ved overflytning af traumepatienter og ved neurokirurgiske vurderinger på tværs af regioner.</p>
<p>Markedsdialogen har vist, at en fælles løsning med én installation og adskilte data pr. region er teknisk moden, og at den giver mulighed for at dele billeder direkte mellem regionerne.</p>
<h2>Tidsplan</h2>
<ul>
<li>Februar–april 2020: kravspecifikation.</li>
<li>Maj 2020: udbudsbekendtgørelse (udbud med forhandling).</li>
<li>December 2020: kontraktindgåelse.</li>
<li>2021–2023: implementering og migrering, én region ad gangen.</li>
</ul>
<h2>Succesmål</h2>
<ul>
<li>Billeder og beskrivelser kan ses på tværs af de deltagende regioner uden manuel forsendelse.</li>
<li>Tid fra undersøgelse til tilgængelig beskrivelse på tværs af regioner er under 30 minutter i akutte forløb.</li>
<li>Samlede udgifter til licenser og drift er mindst 12 procent lavere end de nuværende over en periode på otte år.</li>
</ul>
<h2>Anbefalet lederregion</h2>
<p>Region Hovedstaden anbefales som lederregion, da regionen har landets største radiologiske volumen, har ledet integrationen af billeddiagnostik i Sundhedsplatformen og har tilbudt at stille et udbudsteam med fem medarbejdere.</p>
<h2>Økonomi</h2>
<p>Udbudsforberedelsen anslås til 8,5 mio. kr. Den samlede kontraktsum over otte år anslås til 420–480 mio. kr. for fire regioner. Udgifterne fordeles efter antal radiologiske undersøgelser i den enkelte region.</p>""",
            ),
            dict(
                number="04911/20",
                kind="bilag",
                title="Bilag: Region Midtjyllands begrundelse for at afstå fra fælles udbud af PACS/RIS",
                date="2020-01-27",
                author="mso",
                status="endelig",
                body="""<p>Region Midtjylland har den 24. januar 2020 meddelt sekretariatet, at regionen afstår fra at deltage i det fælles udbud af PACS/RIS. Begrundelsen gengives nedenfor i sin helhed efter regionens brev. Bilaget forelægges styregruppen sammen med de øvrige regioners tilbagemeldinger.</p>
<h2>Regionens begrundelse</h2>
<p>Region Midtjylland forlængede i 2018 kontrakten på regionens PACS/RIS-løsning til den 31. december 2027 i forbindelse med en større opgradering, hvor regionen har investeret 31 mio. kr. i ny lagerkapacitet og i integration af værktøjer til kunstig intelligens. Investeringen er ikke afskrevet før i 2026, og en tidlig udtræden af kontrakten vil ifølge regionens juridiske vurdering udløse en kompensation på ca. 14 mio. kr.</p>
<p>Regionen vurderer på den baggrund, at deltagelse i det fælles udbud ikke er økonomisk forsvarlig. Regionen anerkender de faglige gevinster ved en fælles løsning og ønsker at tilslutte sig, når den nuværende kontrakt udløber. Regionen anmoder derfor om, at udbuddet indeholder en option, der giver mulighed for tilslutning fra 2028.</p>
<h2>Regionens tilsagn</h2>
<ul>
<li>Regionen stiller to radiologer og én it-arkitekt til rådighed for kravspecifikationen, så regionens behov er dækket, hvis optionen udnyttes.</li>
<li>Regionen etablerer i sin nuværende løsning de grænseflader, som er nødvendige for at dele billeder med den fælles løsning.</li>
</ul>
<h2>Sekretariatets vurdering</h2>
<p>Sekretariatet vurderer, at begrundelsen er vægtig og i overensstemmelse med princippet om følg eller forklar. Regionen registreres som <em>afstår</em> for den nuværende udbudsrunde. Sekretariatet anbefaler, at udbuddet indeholder den ønskede option med tilslutning tidligst den 1. januar 2028.</p>""",
            ),
            dict(
                number="51488/21",
                kind="statusrapport",
                title="Statusrapport: Fælles PACS/RIS, 3. kvartal 2021",
                date="2021-10-13",
                author="mso",
                status="endelig",
                body="""<h2>Samlet status</h2>
<p>Kontrakten blev underskrevet den 17. december 2020. Region Sjælland gik i drift med den fælles løsning den 6. september 2021 som den første region. Region Hovedstaden følger i marts 2022. Den samlede status vurderes som <strong>gul</strong> på grund af forsinket migrering af billedarkiver.</p>
<h2>Fremdrift</h2>
<ul>
<li>Region Sjælland: i drift. 38 af 41 modaliteter er tilsluttet. De resterende tre, alle ældre ultralydsapparater, udskiftes i 4. kvartal 2021.</li>
<li>Region Hovedstaden: integrationen med Sundhedsplatformen er testet. Uddannelse af 1.600 brugere begynder i januar 2022.</li>
<li>Region Syddanmark: migrering af billedarkiv er påbegyndt, men forløber langsommere end planlagt.</li>
<li>Region Nordjylland: planlagt idriftsættelse i 1. halvår 2023.</li>
</ul>
<h2>Risici</h2>
<p>Migreringen af Region Syddanmarks billedarkiv går ca. 40 procent langsommere end forventet, fordi en del af de ældre billeder har mangelfulde metadata og skal behandles manuelt. Leverandøren har tilført ekstra ressourcer, og Region Syddanmark har accepteret en udskydelse af idriftsættelsen fra juni 2022 til oktober 2022.</p>
<h2>Økonomi</h2>
<p>Forbruget følger budgettet. Udskydelsen i Region Syddanmark medfører, at regionen skal forlænge sin eksisterende kontrakt i fire måneder til en udgift af 1,3 mio. kr., som regionen selv afholder.</p>
<h2>Følg eller forklar</h2>
<p>Region Midtjylland afstår fortsat efter sin begrundelse fra januar 2020. Regionen har etableret grænseflader til deling af billeder med den fælles løsning, og deling mellem Region Midtjylland og Region Sjælland blev testet med succes i september 2021.</p>""",
            ),
            dict(
                number="24301/23",
                kind="statusrapport",
                title="Statusrapport: Fælles PACS/RIS, afslutning af implementeringen",
                date="2023-05-15",
                author="mso",
                status="endelig",
                body="""<h2>Samlet status</h2>
<p>Den fælles PACS/RIS-løsning er nu i drift i alle fire deltagende regioner. Region Nordjylland gik i drift den 24. april 2023 som den sidste. Implementeringsprojektet afsluttes, og løsningen overgår til den fælles driftsorganisation under Region Hovedstaden. Den samlede status vurderes som <strong>grøn</strong>.</p>
<h2>Opfyldelse af succesmål</h2>
<ul>
<li><strong>Deling af billeder:</strong> Billeder og beskrivelser kan ses direkte på tværs af de fire regioner og via grænsefladen i Region Midtjylland. Manuel forsendelse er ophørt.</li>
<li><strong>Svartid i akutte forløb:</strong> Den gennemsnitlige tid fra undersøgelse til tilgængelig beskrivelse på tværs af regioner er 22 minutter i akutte forløb, målt i 1. kvartal 2023.</li>
<li><strong>Udgifter:</strong> De forventede udgifter over otte år er 389 mio. kr. mod 452 mio. kr. for de tidligere løsninger, svarende til en reduktion på 14 procent.</li>
</ul>
<h2>Uafsluttede punkter</h2>
<p>Der udestår integration af to værktøjer til kunstig intelligens, som Region Hovedstaden og Region Sjælland ønsker at tage i brug i 2024. Integrationen håndteres som en almindelig ændring i driftsorganisationen.</p>
<p>Optionen for Region Midtjylland kan udnyttes fra 1. januar 2028. Sekretariatet anbefaler, at regionen giver tilbagemelding om optionen senest den 31. december 2026, så en migrering kan planlægges.</p>
<h2>Anbefaling</h2>
<p>Sekretariatet anbefaler, at styregruppen tager statusrapporten til efterretning, og at sagen lukkes, når den afsluttende økonomiske opgørelse foreligger i 2. kvartal 2024.</p>""",
            ),
        ],
    ),

    # ------------------------------------------------------------------
    # 2021: Fælles cybersikkerhed
    # ------------------------------------------------------------------
    dict(
        number="21/0967",
        title="Fælles cybersikkerhedsberedskab for regionernes sundheds-it",
        description=(
            "Sagen omhandler etableringen af et fælles cybersikkerhedsberedskab "
            "for regionerne, herunder fælles overvågning, øvelser og en fælles "
            "strategi for cyber- og informationssikkerhed 2022–2024. Region "
            "Midtjylland er lederregion."
        ),
        category="tvaergaaende",
        status="lukket",
        responsible="tbn",
        lead_region="midtjylland",
        participating_regions=["hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland"],
        opened="2021-03-15",
        closed="2024-12-20",
        documents=[
            dict(
                number="15842/21",
                kind="beslutningsoplaeg",
                title="Beslutningsoplæg: Fælles cybersikkerhedsberedskab",
                date="2021-03-29",
                author="tbn",
                status="endelig",
                body="""<h2>Indstilling</h2>
<p>Sekretariatet indstiller, at styregruppen godkender etableringen af et fælles cybersikkerhedsberedskab for regionerne med Region Midtjylland som lederregion, og at sekretariatet i samarbejde med lederregionen udarbejder en fælles strategi for cyber- og informationssikkerhed for 2022–2024.</p>
<h2>Baggrund</h2>
<p>Trusselsniveauet mod sundhedssektoren er højt. Myndighedernes trusselsvurdering peger på, at kriminelle grupper i stigende grad angriber sygehuse med ransomware, fordi konsekvenserne for patientbehandlingen lægger pres på ofrene for at betale. Flere udenlandske sygehuse har i 2020 og 2021 måttet aflyse operationer og omdirigere akutte patienter efter angreb.</p>
<p>Regionerne har hver deres sikkerhedsfunktion, men kun to regioner har overvågning døgnet rundt. Regionerne deler i dag kun i begrænset omfang viden om angreb og sårbarheder, og der er ikke aftalt en fælles procedure for gensidig bistand, hvis en region rammes af et alvorligt angreb.</p>
<h2>Tidsplan</h2>
<ul>
<li>April–juni 2021: fælles kortlægning af modenhed og kapacitet.</li>
<li>September 2021: aftale om gensidig bistand ved alvorlige hændelser.</li>
<li>November 2021: fælles strategi for cyber- og informationssikkerhed 2022–2024.</li>
<li>1. halvår 2022: fælles overvågning døgnet rundt.</li>
</ul>
<h2>Succesmål</h2>
<ul>
<li>Alle regioner er dækket af overvågning døgnet rundt senest den 30. juni 2022.</li>
<li>Der gennemføres mindst én fælles beredskabsøvelse om året med deltagelse af alle regioner.</li>
<li>Alle regioner når mindst modenhedsniveau 3 i den fælles modenhedsmåling senest i 2024.</li>
</ul>
<h2>Anbefalet lederregion</h2>
<p>Region Midtjylland anbefales som lederregion, fordi regionen har etableret et sikkerhedscenter med overvågning døgnet rundt og har tilbudt at udvide det til at dække alle regioner.</p>
<h2>Økonomi</h2>
<p>Etableringen anslås til 12 mio. kr. i 2021–2022. Den årlige drift af den fælles overvågning anslås til 19 mio. kr. fra 2023, fordelt efter antal brugere. Regionernes nuværende udgifter til overvågning udgør samlet ca. 14 mio. kr. årligt for en væsentligt lavere dækning.</p>""",
            ),
            dict(
                number="60118/21",
                kind="strategi",
                title="Fælles strategi for cyber- og informationssikkerhed i regionernes sundheds-it 2022–2024",
                date="2021-11-30",
                author="tbn",
                status="endelig",
                body="""<h2>Baggrund</h2>
<p>Regionernes sundheds-it er en kritisk infrastruktur. Når systemerne ikke er tilgængelige, rammes patientbehandlingen direkte: Prøvesvar kan ikke ses, medicin kan ikke ordineres elektronisk, og billeddiagnostik må sendes manuelt. Regionerne har hver især investeret betydeligt i informationssikkerhed, men trusselsbilledet har ændret sig hurtigere end den enkelte regions muligheder for at følge med.</p>
<p>Styregruppen besluttede den 22. april 2021 at etablere et fælles cybersikkerhedsberedskab. Denne strategi fastlægger de fælles mål og indsatser for 2022–2024. Strategien supplerer regionernes egne sikkerhedspolitikker og ændrer ikke ved, at den enkelte region er dataansvarlig for sine systemer.</p>
<h2>Mål</h2>
<ol>
<li><strong>Fælles overblik.</strong> Regionerne har et fælles, løbende overblik over trusler, sårbarheder og hændelser.</li>
<li><strong>Hurtig reaktion.</strong> Alvorlige hændelser opdages og håndteres døgnet rundt, og regionerne kan bistå hinanden.</li>
<li><strong>Robuste systemer.</strong> Kritiske kliniske systemer kan genetableres fra sikkerhedskopier, som ikke kan krypteres eller slettes af en angriber.</li>
<li><strong>Sikkerhedsbevidste medarbejdere.</strong> Alle medarbejdere kender de mest almindelige angrebsformer og ved, hvordan de reagerer.</li>
</ol>
<h2>Indsatser</h2>
<h3>1. Fælles sikkerhedscenter</h3>
<p>Region Midtjyllands sikkerhedscenter udvides til at overvåge alle fem regioners netværk og centrale systemer døgnet rundt. Hver region bevarer sin egen sikkerhedsfunktion, som håndterer hændelser lokalt efter varsling fra det fælles center.</p>
<h3>2. Gensidig bistand</h3>
<p>Regionerne har indgået en aftale om gensidig bistand, så en region, der rammes af et alvorligt angreb, kan trække på specialister fra de øvrige regioner inden for fire timer. Aftalen øves mindst én gang om året.</p>
<h3>3. Beskyttede sikkerhedskopier</h3>
<p>Alle regioner etablerer sikkerhedskopier af niveau 1-systemer, som er adskilt fra det øvrige netværk og ikke kan ændres i en fastlagt periode. Genetablering testes to gange om året.</p>
<h3>4. Segmentering af netværk</h3>
<p>Medicoteknisk udstyr, fx scannere og infusionspumper, adskilles fra det administrative netværk, så et angreb på kontorsystemerne ikke kan sprede sig til udstyr, der anvendes i behandlingen.</p>
<h3>5. Uddannelse og phishingtest</h3>
<p>Regionerne anvender et fælles e-læringsforløb om informationssikkerhed og gennemfører kvartalsvise phishingtest efter fælles retningslinjer.</p>
<h2>Økonomi</h2>
<p>Strategiens indsatser finansieres inden for en fast ramme på 31 mio. kr. i 2022, 26 mio. kr. i 2023 og 26 mio. kr. i 2024. Rammen dækker det fælles sikkerhedscenter, øvelser og det fælles e-læringsforløb. Regionernes egne investeringer i beskyttede sikkerhedskopier og segmentering af netværk afholdes af den enkelte region og er ikke en del af rammen.</p>
<h2>Opfølgning</h2>
<p>Sekretariatet udarbejder en årlig handlingsplan med konkrete indsatser pr. region. Status rapporteres til styregruppen to gange om året, og der gennemføres en fælles modenhedsmåling i 2022 og 2024. Alvorlige hændelser forelægges styregruppen på førstkommende møde, uanset om de er rapporteret i en statusrapport.</p>""",
            ),
            dict(
                number="03066/22",
                kind="handlingsplan",
                title="Handlingsplan for cybersikkerhed 2022",
                date="2022-01-17",
                author="tbn",
                status="endelig",
                body="""<h2>Indledning</h2>
<p>Handlingsplanen udmønter den fælles strategi for cyber- og informationssikkerhed 2022–2024 for året 2022. Hver region har ansvaret for én fælles indsats ud over sin egen implementering af strategien. Status er senest opdateret den 15. december 2022.</p>
<h2>Fælles indsatser</h2>
<table>
<thead>
<tr><th>Indsats</th><th>Ansvarlig region</th><th>Frist</th><th>Status</th></tr>
</thead>
<tbody>
<tr><td>Udvidelse af det fælles sikkerhedscenter til overvågning af alle regioner døgnet rundt</td><td>Region Midtjylland</td><td>30-06-2022</td><td>Gennemført</td></tr>
<tr><td>Fælles retningslinjer for segmentering af medicoteknisk udstyr</td><td>Region Hovedstaden</td><td>30-09-2022</td><td>Gennemført</td></tr>
<tr><td>Fælles beredskabsøvelse med scenarie om ransomware på et akutsygehus</td><td>Region Syddanmark</td><td>31-10-2022</td><td>Gennemført 6. oktober 2022</td></tr>
<tr><td>Fælles e-læringsforløb om informationssikkerhed og phishing</td><td>Region Sjælland</td><td>31-03-2022</td><td>Gennemført</td></tr>
<tr><td>Fælles model for test af genetablering fra beskyttede sikkerhedskopier</td><td>Region Nordjylland</td><td>31-12-2022</td><td>Forsinket, forventes marts 2023</td></tr>
</tbody>
</table>
<h2>Bemærkninger</h2>
<p>Den fælles beredskabsøvelse havde deltagelse af 140 personer fra alle fem regioner. Øvelsen viste, at aftalen om gensidig bistand fungerer, men at kommunikationen til sygehusenes ledelser tog for lang tid. Region Syddanmark udarbejder forslag til en fælles skabelon for situationsrapporter.</p>
<p>Modellen for test af genetablering er forsinket, fordi to regioner først skulle have etableret beskyttede sikkerhedskopier. Region Nordjylland har fremlagt en revideret tidsplan.</p>
<p>Den første fælles modenhedsmåling blev gennemført i maj 2022. Tre regioner ligger på niveau 3, og to regioner ligger på niveau 2. Målingen gentages i 2024.</p>""",
            ),
            dict(
                number="57610/23",
                kind="statusrapport",
                title="Statusrapport: Fælles cybersikkerhedsberedskab, 2. halvår 2023",
                date="2023-11-16",
                author="tbn",
                status="endelig",
                body="""<h2>Samlet status</h2>
<p>Det fælles cybersikkerhedsberedskab er fuldt etableret. Det fælles sikkerhedscenter har overvåget alle regioner døgnet rundt siden juni 2022. Den samlede status vurderes som <strong>grøn</strong>, dog med en gul vurdering af segmenteringen af medicoteknisk udstyr.</p>
<h2>Hændelser</h2>
<p>Sikkerhedscentret har i perioden januar–oktober 2023 behandlet 1.284 alarmer, hvoraf 41 blev klassificeret som egentlige sikkerhedshændelser. Ingen hændelser har påvirket patientbehandlingen. Den mest alvorlige hændelse var et forsøg på overtagelse af en leverandørs fjernadgang i juni 2023, som blev opdaget og stoppet inden for 35 minutter. Hændelsen førte til, at alle regioner har indført krav om totrinsgodkendelse for leverandørers fjernadgang.</p>
<h2>Fremdrift på strategiens indsatser</h2>
<ul>
<li><strong>Beskyttede sikkerhedskopier:</strong> Etableret i alle regioner. Test af genetablering efter den fælles model er gennemført i alle regioner i 2023.</li>
<li><strong>Segmentering af netværk:</strong> 78 procent af det medicotekniske udstyr er segmenteret. Ældre udstyr, som ikke understøtter segmentering, udskiftes løbende.</li>
<li><strong>Uddannelse:</strong> 91 procent af medarbejderne har gennemført e-læringsforløbet. Andelen, der klikker på links i phishingtest, er faldet fra 14 til 5 procent.</li>
</ul>
<h2>Økonomi</h2>
<p>Forbruget i 2023 forventes at blive 25,2 mio. kr. mod en ramme på 26 mio. kr.</p>
<h2>Anbefaling</h2>
<p>Sekretariatet anbefaler, at styregruppen tager statusrapporten til efterretning, og at arbejdet med en ny fælles strategi fra 2025 indarbejdes i den samlede strategi for regionernes sundheds-it, så cybersikkerhed ikke længere har sin egen strategi.</p>""",
            ),
        ],
    ),

    # ------------------------------------------------------------------
    # 2023: Konsolidering af integrationsplatforme
    # ------------------------------------------------------------------
    dict(
        number="23/1876",
        title="Koordinering af konsolideringsplaner for integrationsplatforme",
        description=(
            "Sagen omhandler koordineringen af regionernes planer for at udfase "
            "ældre integrationsmotorer og samle integrationerne mellem kliniske "
            "systemer på færre, fælles platforme. Region Syddanmark er lederregion. "
            "Arbejdet løber frem til 2027."
        ),
        category="konsolidering",
        status="aaben",
        responsible="akr",
        lead_region="syddanmark",
        participating_regions=["hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland"],
        opened="2023-04-03",
        closed=None,
        documents=[
            dict(
                number="23040/23",
                kind="notat",
                title="Notat: Kortlægning af regionernes integrationsplatforme",
                date="2023-05-08",
                author="akr",
                status="endelig",
                body="""<h2>Formål</h2>
<p>Notatet sammenfatter sekretariatets kortlægning af de integrationsplatforme, som regionerne anvender til at udveksle data mellem kliniske og administrative systemer, fx mellem EPJ, laboratoriesystemerne, PACS/RIS og patientadministrationen, samt til MedCom-kommunikation med kommuner og almen praksis.</p>
<h2>Resultater</h2>
<p>Regionerne anvender tilsammen 11 forskellige integrationsplatforme, heraf tre, som leverandørerne har varslet udgår af support i perioden 2025–2027. Der er registreret ca. 2.300 aktive integrationer. Omkring 40 procent af integrationerne udfører de samme funktioner i flere regioner, fx afsendelse af epikriser, modtagelse af henvisninger og opslag i CPR-registret.</p>
<p>Kortlægningen viser også, at dokumentationen af integrationerne er meget forskellig. I to regioner findes der ikke et samlet overblik over, hvilke integrationer der berører niveau 1-systemer. Det er en sikkerhedsmæssig og driftsmæssig risiko, fordi fejl i en integration kan standse dataudvekslingen, uden at det opdages i tide.</p>
<h2>Vurdering</h2>
<p>Sekretariatet vurderer, at der er et betydeligt potentiale i at koordinere regionernes konsolideringsplaner. Hvis regionerne udfaser de tre ældre platforme i samme periode og anvender fælles skabeloner for de integrationer, der går igen, kan udviklings- og testarbejdet reduceres væsentligt. Et fælles overblik over integrationerne vil samtidig styrke cybersikkerheden.</p>
<h2>Anbefaling</h2>
<p>Sekretariatet anbefaler, at der udarbejdes et beslutningsoplæg om et fælles koordineringsprojekt med Region Syddanmark som lederregion. Region Syddanmark har gennemført en konsolidering fra fire til én integrationsplatform i 2020–2022 og har dermed de mest relevante erfaringer.</p>""",
            ),
            dict(
                number="29882/23",
                kind="beslutningsoplaeg",
                title="Beslutningsoplæg: Koordinering af konsolideringsplaner for integrationsplatforme",
                date="2023-06-15",
                author="akr",
                status="endelig",
                body="""<h2>Indstilling</h2>
<p>Sekretariatet indstiller, at styregruppen godkender et fælles projekt for koordinering af regionernes konsolideringsplaner for integrationsplatforme med Region Syddanmark som lederregion, og at regionerne forpligter sig til at udfase de tre integrationsplatforme, der udgår af support, senest den 31. december 2027.</p>
<h2>Baggrund</h2>
<p>Sekretariatets kortlægning fra maj 2023 viser, at regionerne anvender 11 integrationsplatforme med ca. 2.300 aktive integrationer, og at tre platforme udgår af support i 2025–2027. Mange integrationer løser de samme opgaver i flere regioner, og dokumentationen er mangelfuld i to regioner.</p>
<h2>Tidsplan</h2>
<ul>
<li>2. halvår 2023: fælles katalog over integrationer og fælles skabeloner for de 50 mest udbredte.</li>
<li>2024: regionerne udarbejder konsoliderede planer efter fælles principper.</li>
<li>2025–2027: udfasning af de tre ældre platforme.</li>
<li>Halvårlig status til styregruppen.</li>
</ul>
<h2>Succesmål</h2>
<ul>
<li>De tre platforme, der udgår af support, er udfaset i alle regioner senest den 31. december 2027.</li>
<li>Alle regioner har et fuldstændigt og opdateret katalog over integrationer til niveau 1-systemer senest ved udgangen af 2024.</li>
<li>Antallet af integrationsplatforme er reduceret fra 11 til højst 6.</li>
<li>Mindst 50 fælles skabeloner anvendes i mindst tre regioner.</li>
</ul>
<h2>Anbefalet lederregion</h2>
<p>Region Syddanmark anbefales som lederregion på grund af regionens erfaringer fra egen konsolidering og regionens tilbud om at stille en arkitekt og to integrationsudviklere til rådighed.</p>
<h2>Økonomi</h2>
<p>Koordineringen og de fælles skabeloner anslås til 9,6 mio. kr. i 2023–2025, fordelt efter bloktilskudsnøglen. Regionernes egne udgifter til udfasning afholdes af regionerne og forventes reduceret med 20–30 procent som følge af de fælles skabeloner.</p>""",
            ),
            dict(
                number="45710/24",
                kind="statusrapport",
                title="Statusrapport: Konsolidering af integrationsplatforme, 2024",
                date="2024-09-10",
                author="akr",
                status="endelig",
                body="""<h2>Samlet status</h2>
<p>Projektet forløber overordnet efter planen. Det fælles katalog over integrationer er etableret, og 42 af de planlagte 50 fælles skabeloner er færdige. Den samlede status vurderes som <strong>gul</strong>, fordi to regioner endnu ikke har et fuldstændigt katalog over integrationer til niveau 1-systemer.</p>
<h2>Fremdrift pr. region</h2>
<ul>
<li><strong>Region Hovedstaden og Region Sjælland:</strong> Integrationerne til Sundhedsplatformen er fuldt katalogiseret. Udfasningen af den ældre platform til laboratorie- og billedintegrationer er planlagt til 2026.</li>
<li><strong>Region Syddanmark:</strong> Anvender én platform og bidrager med de fleste fælles skabeloner.</li>
<li><strong>Region Midtjylland:</strong> Kataloget er 70 procent færdigt. Regionen har prioriteret integrationerne til medicinmodulet og forventer at være færdig i november 2024.</li>
<li><strong>Region Nordjylland:</strong> Kataloget er 60 procent færdigt. Regionen har meldt om mangel på integrationsudviklere og har fået bistand fra Region Syddanmark.</li>
</ul>
<h2>Fælles skabeloner</h2>
<p>De fælles skabeloner omfatter blandt andet afsendelse af epikriser og korrespondancemeddelelser via MedCom, modtagelse af elektroniske henvisninger og opslag i CPR. Region Sjælland har anvendt otte skabeloner ved udfasningen af en ældre platform og anslår en besparelse på ca. 1.100 udviklertimer.</p>
<h2>Økonomi</h2>
<p>Der er pr. 31. august 2024 forbrugt 5,1 mio. kr. af budgettet på 9,6 mio. kr. Forbruget følger planen.</p>
<h2>Risici</h2>
<p>Mangel på integrationsudviklere er den største risiko for tidsplanen. Sekretariatet foreslår, at regionerne undersøger muligheden for en fælles rammeaftale om konsulentbistand på integrationsområdet.</p>""",
            ),
            dict(
                number="18702/25",
                kind="bilag",
                title="Bilag: Fælles køreplan for udfasning af ældre integrationsplatforme 2025–2027",
                date="2025-04-14",
                author="akr",
                status="endelig",
                body="""<p>Bilaget viser den fælles køreplan for udfasning af de tre integrationsplatforme, der udgår af support. Køreplanen er aftalt mellem regionernes integrationsansvarlige i marts 2025 og forelægges styregruppen til orientering.</p>
<table>
<thead>
<tr><th>Region</th><th>Platform, der udfases</th><th>Antal integrationer</th><th>Planlagt udfasning</th><th>Status april 2025</th></tr>
</thead>
<tbody>
<tr><td>Region Hovedstaden</td><td>Platform B (laboratorie- og billedintegrationer)</td><td>214</td><td>2. kvartal 2026</td><td>Migrering påbegyndt</td></tr>
<tr><td>Region Sjælland</td><td>Platform A</td><td>96</td><td>4. kvartal 2024</td><td>Udfaset</td></tr>
<tr><td>Region Syddanmark</td><td>Ingen</td><td>–</td><td>–</td><td>Konsolideret i 2022</td></tr>
<tr><td>Region Midtjylland</td><td>Platform A og platform C</td><td>381</td><td>4. kvartal 2027</td><td>Planlægning</td></tr>
<tr><td>Region Nordjylland</td><td>Platform C</td><td>158</td><td>2. kvartal 2027</td><td>Planlægning</td></tr>
</tbody>
</table>
<h3>Bemærkninger</h3>
<p>Region Midtjylland har den største opgave, fordi regionen skal udfase to platforme. Regionen har valgt at gennemføre udfasningen i to etaper og har tilkendegivet, at tidsplanen er stram. Sekretariatet følger op på regionens fremdrift i hver statusrapport.</p>
<p>Når køreplanen er gennemført, anvender regionerne samlet 6 integrationsplatforme mod 11 i 2023, og succesmålet om højst 6 platforme er dermed nået.</p>""",
            ),
        ],
    ),

    # ------------------------------------------------------------------
    # 2024: Fælles telefoni
    # ------------------------------------------------------------------
    dict(
        number="24/2213",
        title="Fælles telefoni for regionerne",
        description=(
            "Sagen omhandler etableringen af en fælles telefoniplatform med "
            "kontaktcenterfunktioner, som Region Nordjylland driver for alle "
            "regioner. Sagen indeholder beslutningsoplægget, regionernes "
            "tilslutning, hovedpunkterne i aftalen om fælles telefoni, som "
            "styregruppen godkendte i juni 2026, og implementeringen."
        ),
        category="drift",
        status="aaben",
        responsible="mso",
        lead_region="nordjylland",
        participating_regions=["hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland"],
        opened="2024-10-07",
        closed=None,
        documents=[
            dict(
                number="54350/24",
                kind="beslutningsoplaeg",
                title="Beslutningsoplæg: Fælles telefoniplatform for regionerne",
                date="2024-10-28",
                author="mso",
                status="endelig",
                body="""<h2>Indstilling</h2>
<p>Sekretariatet indstiller, at styregruppen:</p>
<ol>
<li>godkender, at regionerne etablerer en fælles telefoniplatform med kontaktcenterfunktioner, som drives af Region Nordjylland på vegne af alle regioner,</li>
<li>godkender, at Region Nordjylland gennemfører et EU-udbud af platformen i 2025 med de øvrige regioner som medindkøbere,</li>
<li>godkender, at regionerne senest den 15. januar 2025 giver skriftlig tilbagemelding efter princippet om følg eller forklar.</li>
</ol>
<h2>Baggrund</h2>
<p>Regionerne har i dag fem forskellige telefoniløsninger, og flere af dem bygger på ældre omstillingsanlæg, der skal udskiftes inden for de kommende tre år. Sygehusenes telefoni er kritisk: Akutmodtagelser, vagthavende læger og patientkontakter er afhængige af, at opkald kan viderestilles og køer styres, også når mange ringer samtidig. Under driftsforstyrrelser i 2023 og 2024 kunne to regioner ikke viderestille opkald mellem sygehuse i flere timer.</p>
<p>Patienter forventer desuden at kunne komme hurtigt igennem, og regionerne har behov for at kunne måle ventetider og styre bemandingen i patientkontakter og visitationer. De nuværende løsninger giver kun i begrænset omfang mulighed for det.</p>
<h2>Tidsplan</h2>
<ul>
<li>Januar 2025: regionernes tilbagemelding efter følg eller forklar.</li>
<li>Februar–december 2025: udbud med forhandling.</li>
<li>1. halvår 2026: kontraktindgåelse og aftale mellem regionerne om fælles telefoni.</li>
<li>2. halvår 2026 – 2027: overgang, region for region.</li>
</ul>
<h2>Succesmål</h2>
<ul>
<li>Oppetid for telefoniplatformen på mindst 99,99 procent.</li>
<li>Alle regioner kan måle ventetid og tabte opkald i patientkontakter og visitationer med fælles nøgletal.</li>
<li>Opkald kan viderestilles mellem alle sygehuse i landet uden brug af eksterne numre.</li>
<li>De samlede udgifter til telefoni reduceres med mindst 15 procent over kontraktens første seks år.</li>
</ul>
<h2>Anbefalet lederregion</h2>
<p>Region Nordjylland anbefales som lederregion og driftsregion. Regionen har i 2022 indført en moderne telefoniplatform med kontaktcenterfunktioner på alle sine sygehuse og har erfaring med at drive den døgnet rundt.</p>
<h2>Økonomi</h2>
<p>Udbud og etablering anslås til 14 mio. kr. i 2025–2026. Den årlige drift, inklusive licenser, anslås til 62 mio. kr. for alle fem regioner mod regionernes nuværende samlede udgifter på ca. 74 mio. kr. Udgifterne fordeles efter antal brugere.</p>""",
            ),
            dict(
                number="03610/25",
                kind="notat",
                title="Notat: Regionernes tilslutning til fælles telefoni (følg eller forklar)",
                date="2025-01-20",
                author="mso",
                status="endelig",
                body="""<h2>Formål</h2>
<p>Notatet samler regionernes tilbagemeldinger på deltagelse i den fælles telefoniplatform, som styregruppen besluttede den 21. november 2024. Alle regioner har svaret inden fristen den 15. januar 2025.</p>
<h2>Tilbagemeldinger</h2>
<table>
<thead>
<tr><th>Region</th><th>Tilslutning</th><th>Bemærkning</th></tr>
</thead>
<tbody>
<tr><td>Region Hovedstaden</td><td>Afventer</td><td>Nuværende kontrakt løber til 30. juni 2027</td></tr>
<tr><td>Region Sjælland</td><td>Deltager</td><td>Ønsker at overgå som første region efter Region Nordjylland</td></tr>
<tr><td>Region Syddanmark</td><td>Deltager</td><td>–</td></tr>
<tr><td>Region Midtjylland</td><td>Deltager</td><td>Regionens akuttelefoni skal indgå i en senere fase</td></tr>
<tr><td>Region Nordjylland</td><td>Deltager (lederregion)</td><td>–</td></tr>
</tbody>
</table>
<h2>Region Hovedstaden afventer</h2>
<p>Region Hovedstaden har en kontrakt på sin nuværende telefoniløsning, som løber til den 30. juni 2027 og ikke kan opsiges før tid uden betydelige omkostninger. Regionen ønsker at tilslutte sig den fælles platform, når kontrakten udløber, og deltager i kravspecifikationen, så regionens behov, herunder de store patientkontakter og visitationen af akutte opkald, er dækket. Regionen indgår som medindkøber med en option på tilslutning fra 1. juli 2027.</p>
<p>Sekretariatet vurderer, at begrundelsen er vægtig og i overensstemmelse med princippet om følg eller forklar.</p>
<h2>Region Midtjyllands akuttelefoni</h2>
<p>Region Midtjylland deltager fuldt ud, men har bedt om, at regionens akuttelefoni først overgår, når platformen har været i stabil drift i de øvrige regioner i mindst seks måneder. Sekretariatet anbefaler, at ønsket imødekommes, og at det indarbejdes i implementeringsplanen.</p>
<h2>Konsekvenser</h2>
<p>Udbuddet gennemføres med fem regioner som medindkøbere. Den forventede volumen i udbudsmaterialet er ca. 48.000 brugere ved fuld udrulning, heraf ca. 19.000 i Region Hovedstaden fra 2027.</p>""",
            ),
            dict(
                number="27905/26",
                kind="bilag",
                title="Bilag 4.1: Hovedpunkter i aftalen om fælles telefoni",
                date="2026-06-04",
                author="mso",
                status="endelig",
                body="""<p>Bilaget hører til punkt 4 på dagsordenen for styregruppens møde den 18. juni 2026. Det sammenfatter hovedpunkterne i aftalen om fælles telefoni mellem de fem regioner og i kontrakten med leverandøren, som Region Nordjylland har forhandlet på plads efter udbuddet i 2025.</p>
<h2>Parter og omfang</h2>
<p>Aftalen om fælles telefoni indgås mellem de fem regioner. Region Nordjylland er driftsregion og kontraktpart over for leverandøren. Aftalen omfatter fastnet- og mobiltelefoni via softwareklienter, omstilling, kontaktcenterfunktioner med køstyring og statistik samt integration med regionernes kalendersystemer og personalevagtplaner.</p>
<h2>Leverandøraftale</h2>
<ul>
<li>Kontraktperiode: seks år fra 1. august 2026 med mulighed for forlængelse i 2 × 2 år.</li>
<li>Samlet kontraktsum for seks år: 318 mio. kr. for fem regioner ved fuld udrulning.</li>
<li>Oppetidskrav: 99,99 procent pr. måned, med bod ved manglende overholdelse.</li>
<li>Data opbevares og behandles i EU. Leverandøren er underlagt regionernes fælles krav til informationssikkerhed.</li>
</ul>
<h2>Fordeling af udgifter</h2>
<table>
<thead>
<tr><th>Region</th><th>Forventet antal brugere</th><th>Overgang</th><th>Årlig andel (mio. kr.)</th></tr>
</thead>
<tbody>
<tr><td>Region Hovedstaden</td><td>19.200</td><td>3. kvartal 2027</td><td>21,1</td></tr>
<tr><td>Region Sjælland</td><td>6.900</td><td>4. kvartal 2026</td><td>7,6</td></tr>
<tr><td>Region Syddanmark</td><td>9.400</td><td>1. kvartal 2027</td><td>10,3</td></tr>
<tr><td>Region Midtjylland</td><td>8.600</td><td>2. kvartal 2027</td><td>9,5</td></tr>
<tr><td>Region Nordjylland</td><td>3.900</td><td>3. kvartal 2026</td><td>4,3</td></tr>
</tbody>
</table>
<h2>Styring</h2>
<p>Der nedsættes et fælles brugerforum med én repræsentant pr. region, som prioriterer ændringer og videreudvikling. Region Nordjylland rapporterer driftsstatus kvartalsvis til sekretariatet, som orienterer styregruppen to gange om året.</p>
<h2>Udtræden</h2>
<p>En region kan udtræde af aftalen med 24 måneders varsel, tidligst med virkning fra udgangen af kontraktens fjerde år. Den udtrædende region betaler sin andel af de faste udgifter frem til udtrædelsen.</p>""",
            ),
            dict(
                number="33820/26",
                kind="handlingsplan",
                title="Implementeringsplan for fælles telefoni 2026–2027",
                date="2026-07-07",
                author="mso",
                status="endelig",
                body="""<h2>Indledning</h2>
<p>Styregruppen godkendte aftalen om fælles telefoni på mødet den 18. juni 2026. Implementeringsplanen beskriver regionernes overgang til den fælles platform. Hver region har ansvaret for sin egen overgang og for én fælles leverance. Planen opdateres kvartalsvis og senest den 30. september 2026.</p>
<h2>Indsatser</h2>
<table>
<thead>
<tr><th>Indsats</th><th>Ansvarlig region</th><th>Frist</th><th>Status</th></tr>
</thead>
<tbody>
<tr><td>Etablering af platformen og overgang af egne sygehuse (pilot)</td><td>Region Nordjylland</td><td>30-09-2026</td><td>Gennemført</td></tr>
<tr><td>Overgang af alle sygehuse og fælles uddannelsesmateriale til omstillingen</td><td>Region Sjælland</td><td>15-12-2026</td><td>I gang</td></tr>
<tr><td>Overgang og fælles nøgletal for ventetid og tabte opkald</td><td>Region Syddanmark</td><td>31-03-2027</td><td>Planlagt</td></tr>
<tr><td>Overgang, herunder akuttelefoni i senere fase, og fælles beredskabsprocedure ved nedbrud</td><td>Region Midtjylland</td><td>30-06-2027</td><td>Planlagt</td></tr>
<tr><td>Udnyttelse af option og overgang efter kontraktudløb</td><td>Region Hovedstaden</td><td>30-09-2027</td><td>Afventer kontraktudløb 30-06-2027</td></tr>
</tbody>
</table>
<h2>Principper for overgangen</h2>
<ul>
<li>Sygehusenes hovednumre bevares, så patienter og samarbejdspartnere ikke skal kende nye numre.</li>
<li>Akutmodtagelser og vagthavende funktioner overgår altid som de sidste på det enkelte sygehus og aldrig på en fredag eller før en helligdag.</li>
<li>Hver overgang har en tilbagefaldsplan, der er testet inden overgangen.</li>
</ul>
<h2>Risici</h2>
<p>Den største risiko er integrationen med regionernes personalevagtplaner, som er forskellige fra region til region. Region Nordjylland har gennemført integrationen med sit eget system, men integrationerne i Region Syddanmark og Region Midtjylland er endnu ikke testet. Risikoen følges tæt af det fælles brugerforum.</p>""",
            ),
            dict(
                number="51290/26",
                kind="statusrapport",
                title="Statusrapport: Fælles telefoni, 3. kvartal 2026",
                date="2026-10-12",
                author="mso",
                status="endelig",
                body="""<h2>Samlet status</h2>
<p>Den fælles telefoniplatform gik i drift i Region Nordjylland den 14. september 2026 som planlagt. Overgangen omfattede ca. 3.900 brugere på fire sygehuse og regionshuset. Region Sjællands overgang er påbegyndt med Holbæk Sygehus. Den samlede status vurderes som <strong>grøn</strong> for tid og økonomi og <strong>gul</strong> for kvalitet.</p>
<h2>Drift</h2>
<p>Oppetiden var 100 procent i september 2026. I de første to uger efter overgangen steg andelen af tabte opkald i regionens patientkontakt fra 6 til 11 procent, fordi køstyringen var konfigureret med for få medarbejdere i spidsbelastningen om morgenen. Efter justering er andelen faldet til 4 procent.</p>
<h2>Kvalitet</h2>
<p>Der er registreret 212 henvendelser til supporten i de første fire uger. De fleste vedrører softwareklienten på mobiltelefoner, hvor brugerne oplever, at opkald ikke altid ringer igennem, når telefonen er i strømsparetilstand. Leverandøren har leveret en rettelse, som udrulles i oktober 2026, og Region Sjælland har udskudt overgangen af sine akutmodtagelser, til rettelsen er verificeret.</p>
<h2>Økonomi</h2>
<p>Der er forbrugt 11,8 mio. kr. af etableringsbudgettet på 14 mio. kr. Der forventes et mindreforbrug på ca. 0,5 mio. kr.</p>
<h2>Følg eller forklar</h2>
<p>Region Hovedstaden afventer fortsat udløbet af sin nuværende kontrakt den 30. juni 2027 og har bekræftet, at regionen forventer at udnytte optionen. Regionen deltager i brugerforummet som observatør.</p>""",
            ),
        ],
    ),

    # ------------------------------------------------------------------
    # 2025: Fælles strategi 2026-2029
    # ------------------------------------------------------------------
    dict(
        number="25/0418",
        title="Fælles strategi for regionernes sundheds-it 2026–2029",
        description=(
            "Sagen indeholder udarbejdelsen af den fælles strategi for regionernes "
            "sundheds-it 2026–2029, høringen i regionerne og den godkendte strategi. "
            "Her ligger også de årlige handlingsplaner og den økonomiske ramme for "
            "sekretariatet og de fælles indsatser 2026–2028."
        ),
        category="egen_drift",
        status="aaben",
        responsible="sekretariat",
        lead_region=None,
        participating_regions=["hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland"],
        opened="2025-03-10",
        closed=None,
        documents=[
            dict(
                number="13690/25",
                kind="notat",
                title="Notat: Proces og tidsplan for fælles strategi 2026–2029",
                date="2025-03-17",
                author="sekretariat",
                status="endelig",
                body="""<h2>Formål</h2>
<p>Den fælles strategi for regionernes sundheds-it 2022–2025 udløber ved årets udgang. Notatet beskriver den proces, som sekretariatet foreslår for udarbejdelsen af en ny strategi for 2026–2029, og hvordan regionerne, de kliniske fagmiljøer og Danske Regioner inddrages.</p>
<h2>Udgangspunkt</h2>
<p>Den nuværende strategi har leveret væsentlige resultater, blandt andet den fælles PACS/RIS-løsning, det fælles cybersikkerhedsberedskab og koordineringen af konsolideringsplanerne for integrationsplatforme. Evalueringen fra februar 2025 peger dog også på, at strategien havde for mange indsatser til, at styregruppen reelt kunne prioritere mellem dem, og at opfølgningen på de økonomiske gevinster har været svag.</p>
<p>Sekretariatet foreslår derfor, at den nye strategi koncentreres om få, tværgående mål, at cybersikkerhed indarbejdes som en del af strategien i stedet for at have sin egen strategi, og at alle indsatser fremover har et beskrevet og målbart gevinstgrundlag.</p>
<h2>Proces og tidsplan</h2>
<ol>
<li><strong>April 2025:</strong> Interview med regionernes it-direktører og udvalgte kliniske direktører.</li>
<li><strong>Maj 2025:</strong> Strategiseminar for styregruppen med oplæg om kunstig intelligens i klinikken, genomdata og den nationale digitaliseringsstrategi.</li>
<li><strong>Juni–august 2025:</strong> Skrivegruppe med én repræsentant pr. region udarbejder udkast.</li>
<li><strong>September–oktober 2025:</strong> Høring i regionerne. Hver region afgiver ét samlet høringssvar.</li>
<li><strong>November 2025:</strong> Høringsnotat og revideret udkast.</li>
<li><strong>4. december 2025:</strong> Styregruppen godkender strategien.</li>
<li><strong>Februar 2026:</strong> Styregruppen godkender handlingsplan og økonomisk ramme for 2026.</li>
</ol>
<h2>Ressourcer</h2>
<p>Arbejdet ledes af sekretariatschefen med deltagelse af to medarbejdere. Udgifterne til seminar og ekstern facilitering anslås til 0,3 mio. kr. og afholdes inden for sekretariatets ramme for 2025.</p>""",
            ),
            dict(
                number="56540/25",
                kind="notat",
                title="Høringsnotat: Regionernes bemærkninger til udkast til fælles strategi 2026–2029",
                date="2025-11-10",
                author="lhj",
                status="endelig",
                body="""<h2>Indledning</h2>
<p>Udkastet til fælles strategi for regionernes sundheds-it 2026–2029 blev sendt i høring i regionerne den 8. september 2025 med frist den 17. oktober 2025. Alle fem regioner har afgivet høringssvar. Notatet sammenfatter de væsentligste bemærkninger og sekretariatets forslag til ændringer.</p>
<h2>Generelle bemærkninger</h2>
<p>Alle regioner støtter strategiens overordnede retning og tilslutter sig, at strategien koncentreres om færre mål. Flere regioner fremhæver, at det er positivt, at cybersikkerhed nu indgår i den samlede strategi, og at der stilles krav om gevinstgrundlag for alle indsatser.</p>
<h2>Bemærkninger fra de enkelte regioner</h2>
<ul>
<li><strong>Region Hovedstaden</strong> ønsker, at det tydeliggøres, at fælles indsatser på området for kunstig intelligens ikke må forsinke regionernes egne initiativer, og at Sundhedsplatformens videreudvikling fortsat sker i regi af Region Hovedstaden og Region Sjælland.</li>
<li><strong>Region Sjælland</strong> foreslår et mål om at mindske antallet af log-in og adgangskoder for klinikerne.</li>
<li><strong>Region Syddanmark</strong> ønsker, at den fælles platform for genomdata og præcisionsmedicin fremhæves som en selvstændig indsats.</li>
<li><strong>Region Midtjylland</strong> bemærker, at den økonomiske ramme bør fastlægges for tre år ad gangen, så regionerne kan planlægge deres budgetter.</li>
<li><strong>Region Nordjylland</strong> foreslår, at det fremgår, at fælles drift er et ligeværdigt alternativ til fælles udbud, og henviser til erfaringerne med fælles telefoni. Regionen bemærker, at fælles drift af sundhedsit stiller særlige krav til beredskab og servicemål.</li>
</ul>
<h2>Sekretariatets forslag</h2>
<p>Sekretariatet foreslår, at bemærkningerne fra Region Hovedstaden, Region Syddanmark og Region Nordjylland indarbejdes direkte i strategien. Forslaget fra Region Sjælland indarbejdes som en indsats i handlingsplanen for 2026 om fælles log-in og enkeltlogon. Forslaget fra Region Midtjylland imødekommes ved, at den økonomiske ramme fastlægges for 2026–2028 og revideres i 2028 for 2029.</p>
<p>Det reviderede udkast forelægges styregruppen til godkendelse på mødet den 4. december 2025.</p>""",
            ),
            dict(
                number="61590/25",
                kind="strategi",
                title="Fælles strategi for regionernes sundheds-it 2026–2029",
                date="2025-12-08",
                author="sekretariat",
                status="endelig",
                body="""<h2>Baggrund</h2>
<p>Regionernes sundheds-it er i dag en integreret del af enhver patientbehandling. Fra den første henvisning til den sidste opfølgning er klinikerne afhængige af, at journal, medicinmodul, laboratoriesystemer, billeddiagnostik og kommunikationen med kommuner og almen praksis fungerer, og at data kan deles sikkert på tværs af sektorer og regioner.</p>
<p>Regionerne har siden 2007 arbejdet sammen om sundheds-it på de områder, hvor det skaber mere værdi end at handle alene. Samarbejdet har skabt resultater: fælles laboratoriesystemer og PACS/RIS, et fælles cybersikkerhedsberedskab, fælles drift af netværksforbindelser og senest en fælles telefoniplatform. Princippet om følg eller forklar har sikret, at regionerne som udgangspunkt deltager i de fælles projekter, og at afvigelser er begrundede og synlige.</p>
<p>De kommende år stiller nye krav. Der bliver flere ældre og flere patienter med kroniske sygdomme, mens der bliver færre hænder i sundhedsvæsenet. Kunstig intelligens og automatisering giver nye muligheder for at aflaste klinikerne, men stiller også krav til data, sikkerhed og ansvar. Genomdata og præcisionsmedicin bevæger sig fra forskning til klinisk hverdag. Samtidig er trusselsniveauet mod sundhedssektoren fortsat højt, og den nationale digitaliseringsstrategi stiller krav om fælles standarder og sammenhængende løsninger.</p>
<p>Strategien er udarbejdet af sekretariatet i samarbejde med regionernes it-direktører og godkendt af styregruppen den 4. december 2025. Den erstatter strategien for 2022–2025 og den særskilte strategi for cyber- og informationssikkerhed.</p>
<h2>Mål</h2>
<p>Strategien har fire mål, som alle fælles indsatser skal bidrage til:</p>
<ol>
<li><strong>Mere tid til patienterne.</strong> Klinikerne skal bruge mindre tid på dokumentation, log-in og dobbeltregistrering. I 2029 skal den tid, klinikerne bruger på dokumentation, være reduceret med mindst 10 procent i forhold til en fælles måling i 2026.</li>
<li><strong>Sammenhængende data.</strong> Relevante data om patienten skal være tilgængelige for de sundhedspersoner, der behandler patienten, uanset region og sektor. I 2029 skal alle regioner dele journalnotater, prøvesvar, billeder og medicinoplysninger efter fælles standarder.</li>
<li><strong>Sikker og robust drift.</strong> Kritiske kliniske systemer skal være tilgængelige, også når de er under angreb. I 2029 skal alle regioner kunne genetablere deres niveau 1-systemer inden for 24 timer efter et alvorligt angreb og have gennemført mindst én fælles øvelse om året.</li>
<li><strong>Fællesskabets midler bruges én gang.</strong> Regionerne skal ikke løse samme opgave fem gange, når den kan løses én gang. Alle fælles indsatser skal have et beskrevet gevinstgrundlag, og de realiserede gevinster skal opgøres.</li>
</ol>
<h2>Indsatser</h2>
<h3>1. Kunstig intelligens og talegenkendelse i journalføringen</h3>
<p>Regionerne udarbejder fælles retningslinjer for anvendelse af talegenkendelse og kunstig intelligens i journalføringen, herunder krav til dokumentation, ansvar og kvalitetssikring. Regionerne deler erfaringer fra pilotafprøvninger, så gode løsninger hurtigt kan tages i brug i flere regioner. Fælles indsatser må ikke forsinke regionernes egne initiativer. Region Midtjylland leder indsatsen.</p>
<h3>2. Enkeltlogon og færre adgangskoder</h3>
<p>Regionerne arbejder mod, at klinikerne kun skal logge på én gang ved arbejdsdagens begyndelse og derefter kan skifte mellem systemer og arbejdsstationer med adgangskort eller biometri. Region Sjælland leder indsatsen.</p>
<h3>3. Fælles platform for genomdata og præcisionsmedicin</h3>
<p>Regionerne etablerer en fælles platform, hvor resultater fra genetiske analyser kan opbevares, fortolkes og stilles til rådighed for klinikerne i journalen i samarbejde med de nationale myndigheder på området. Region Syddanmark leder indsatsen.</p>
<h3>4. Konsolidering af integrationer og fælles standarder</h3>
<p>Regionerne gennemfører den fælles køreplan for udfasning af ældre integrationsplatforme og anvender fælles skabeloner for integrationer, der går igen. Nye integrationer bygges efter de nationale standarder fra MedCom og HL7 FHIR. Region Syddanmark leder indsatsen.</p>
<h3>5. Cybersikkerhed og beredskab</h3>
<p>Det fælles sikkerhedscenter videreføres. Regionerne udvider samarbejdet til at omfatte fælles krav til leverandører, fælles test af genetablering og fælles øvelser med deltagelse af sygehusledelserne. Region Midtjylland leder indsatsen.</p>
<h3>6. Fælles drift som ligeværdigt alternativ til fælles udbud</h3>
<p>Når en region allerede driver en velfungerende løsning, skal det undersøges, om løsningen kan drives for flere regioner, før der gennemføres et nyt udbud. Erfaringerne fra den fælles telefoniplatform og den fælles netværksdrift viser, at fælles drift kan give både bedre kvalitet og lavere udgifter. Region Nordjylland leder indsatsen med at beskrive en fælles model for driftsaftaler.</p>
<h2>Økonomi</h2>
<p>Sekretariatets drift og forberedelsen af fælles indsatser finansieres inden for en fast økonomisk ramme, som styregruppen fastlægger for tre år ad gangen. Rammen for 2026–2028 udgør 38,5 mio. kr. årligt og finansieres af regionerne efter bloktilskudsnøglen. Rammen revideres i 2028 for 2029 og den efterfølgende periode.</p>
<p>De enkelte projekter finansieres af de deltagende regioner efter en fordelingsnøgle, som fastlægges i det enkelte beslutningsoplæg. Alle beslutningsoplæg skal indeholde et gevinstgrundlag med økonomiske og kvalitative gevinster og en plan for, hvordan gevinsterne opgøres. Gevinsterne tilfalder de regioner, der realiserer dem.</p>
<h2>Opfølgning</h2>
<p>Sekretariatet udarbejder hvert år en handlingsplan med konkrete indsatser, ansvarlig region, frist og status. De årlige handlingsplaner godkendes af styregruppen på årets første møde, og status rapporteres to gange om året.</p>
<p>Regionernes deltagelse i fælles indsatser følger princippet om følg eller forklar. En region, der afstår eller afventer, begrunder det skriftligt, og begrundelsen journaliseres på indsatsens sag. Sekretariatet fører en samlet oversigt over regionernes deltagelse, som forelægges styregruppen en gang om året.</p>
<p>Strategiens mål måles med en fælles baseline i 2026 og følges op i 2027 og 2029. Strategien midtvejsevalueres i 2027, og styregruppen kan på den baggrund justere indsatserne.</p>""",
            ),
            dict(
                number="08450/26",
                kind="handlingsplan",
                title="Handlingsplan 2026 for den fælles strategi for regionernes sundheds-it",
                date="2026-02-16",
                author="lhj",
                status="endelig",
                body="""<h2>Indledning</h2>
<p>Handlingsplanen omsætter den fælles strategi for regionernes sundheds-it 2026–2029 til konkrete indsatser i 2026. Hver region leder mindst én fælles indsats. Planen blev godkendt af styregruppen den 26. februar 2026. Status er senest opdateret til styregruppens møde den 24. september 2026.</p>
<h2>Indsatser</h2>
<table>
<thead>
<tr><th>Indsats</th><th>Ansvarlig region</th><th>Frist</th><th>Status</th></tr>
</thead>
<tbody>
<tr><td>Fælles retningslinjer for talegenkendelse og kunstig intelligens i journalføringen</td><td>Region Midtjylland</td><td>30-06-2026</td><td>Gennemført</td></tr>
<tr><td>Fælles baseline for klinikernes tid til dokumentation og log-in</td><td>Region Sjælland</td><td>30-09-2026</td><td>Forsinket, forventes december 2026</td></tr>
<tr><td>Beslutningsoplæg om fælles platform for genomdata og præcisionsmedicin</td><td>Region Syddanmark</td><td>30-04-2026</td><td>Gennemført</td></tr>
<tr><td>Udfasning af ældre integrationsplatform til laboratorie- og billedintegrationer</td><td>Region Hovedstaden</td><td>30-06-2026</td><td>Gennemført</td></tr>
<tr><td>Overgang til fælles telefoni og fælles model for driftsaftaler</td><td>Region Nordjylland</td><td>31-12-2026</td><td>I gang</td></tr>
</tbody>
</table>
<h2>Tværgående indsatser</h2>
<p>Ud over indsatserne i tabellen gennemføres følgende tværgående indsatser, som sekretariatet koordinerer:</p>
<ul>
<li>Den årlige fælles beredskabsøvelse i cybersikkerhed gennemføres i oktober 2026 med Region Midtjylland som øvelsesansvarlig og med deltagelse af sygehusledelserne.</li>
<li>Den samlede oversigt over regionernes deltagelse efter følg eller forklar opdateres og forelægges styregruppen i november 2026.</li>
<li>Sekretariatet udarbejder en fælles skabelon for gevinstgrundlag, som alle beslutningsoplæg skal anvende fra 1. april 2026.</li>
</ul>
<h2>Bemærkninger til status</h2>
<p>De fælles retningslinjer for talegenkendelse og kunstig intelligens blev godkendt af styregruppen den 18. juni 2026. Retningslinjerne fastslår blandt andet, at tekst, der er genereret automatisk, altid skal godkendes af den sundhedsperson, der har ansvaret for journalføringen, og at det skal fremgå af journalen, når et notat er udarbejdet med hjælp fra kunstig intelligens.</p>
<p>Den fælles baseline for klinikernes tid til dokumentation og log-in er forsinket, fordi regionerne har haft vanskeligt ved at blive enige om en fælles målemetode. Region Sjælland har foreslået en kombination af logdata fra de kliniske systemer og tidsstudier på udvalgte afdelinger. Metoden er godkendt af regionernes it-direktører, og målingen gennemføres i oktober og november 2026.</p>
<p>Beslutningsoplægget om en fælles platform for genomdata og præcisionsmedicin blev godkendt af styregruppen den 23. april 2026, og arbejdet fortsætter i en selvstændig sag.</p>
<p>Region Hovedstaden har udfaset den ældre integrationsplatform den 15. juni 2026. Overgangen forløb uden driftsforstyrrelser for laboratorie- og billedintegrationerne.</p>
<p>Overgangen til fælles telefoni følger implementeringsplanen. Region Nordjylland gik i drift i september 2026, og Region Sjælland er i gang.</p>""",
            ),
            dict(
                number="08455/26",
                kind="bilag",
                title="Bilag: Økonomisk ramme 2026–2028",
                date="2026-02-16",
                author="sekretariat",
                status="endelig",
                body="""<p>Bilaget hører til punkt 3 på dagsordenen for styregruppens møde den 26. februar 2026 og viser den faste økonomiske ramme for sekretariatet og forberedelsen af fælles indsatser i 2026–2028. Rammen er fastlagt i den fælles strategi 2026–2029 og finansieres af regionerne efter bloktilskudsnøglen.</p>
<h2>Rammens anvendelse</h2>
<table>
<thead>
<tr><th>Område</th><th>2026 (mio. kr.)</th><th>2027 (mio. kr.)</th><th>2028 (mio. kr.)</th></tr>
</thead>
<tbody>
<tr><td>Sekretariatets løn og drift</td><td>8,9</td><td>9,1</td><td>9,3</td></tr>
<tr><td>Fælles sikkerhedscenter og øvelser</td><td>21,4</td><td>21,4</td><td>21,4</td></tr>
<tr><td>Forberedelse af fælles indsatser og beslutningsoplæg</td><td>5,2</td><td>5,0</td><td>4,8</td></tr>
<tr><td>Måling af baseline og gevinster</td><td>1,5</td><td>1,5</td><td>1,5</td></tr>
<tr><td>Uforudsete udgifter</td><td>1,5</td><td>1,5</td><td>1,5</td></tr>
<tr><td><strong>I alt</strong></td><td><strong>38,5</strong></td><td><strong>38,5</strong></td><td><strong>38,5</strong></td></tr>
</tbody>
</table>
<h2>Fordeling på regioner</h2>
<p>Med den gældende bloktilskudsnøgle fordeles rammen på 38,5 mio. kr. årligt således: Region Hovedstaden 12,6 mio. kr., Region Sjælland 5,9 mio. kr., Region Syddanmark 8,1 mio. kr., Region Midtjylland 8,0 mio. kr. og Region Nordjylland 3,9 mio. kr.</p>
<h2>Bemærkninger</h2>
<p>Rammen er fast i perioden. Lønstigninger i sekretariatet finansieres ved en tilsvarende reduktion af midlerne til forberedelse af fælles indsatser. Uforbrugte midler kan overføres til det følgende år inden for perioden, men tilbagebetales ellers til regionerne efter samme nøgle.</p>
<p>Projekternes egne udgifter, fx til den fælles platform for genomdata eller overgangen til fælles telefoni, er ikke en del af rammen og finansieres af de deltagende regioner efter beslutning i styregruppen.</p>""",
            ),
            dict(
                number="57960/26",
                kind="handlingsplan",
                title="Handlingsplan 2027 for den fælles strategi – udkast til første drøftelse",
                date="2026-11-18",
                author="lhj",
                status="kladde",
                body="""<p><em>Udkast til første drøftelse i styregruppen den 26. november 2026. Den endelige handlingsplan forelægges til godkendelse den 25. februar 2027.</em></p>
<h2>Indledning</h2>
<p>Handlingsplanen for 2027 er den anden af de fire årlige handlingsplaner under den fælles strategi for regionernes sundheds-it 2026–2029. Udkastet bygger på erfaringerne fra 2026, på regionernes forslag fra it-direktørmødet den 29. oktober 2026 og på de åbne punkter fra styregruppens møder i 2026. Som i 2026 leder hver region mindst én fælles indsats.</p>
<h2>Foreslåede indsatser</h2>
<table>
<thead>
<tr><th>Indsats</th><th>Ansvarlig region</th><th>Frist</th><th>Status</th></tr>
</thead>
<tbody>
<tr><td>Fælles krav til leverandører af AI-understøttet journalføring</td><td>Region Midtjylland</td><td>31-03-2027</td><td>Udkast under udarbejdelse</td></tr>
<tr><td>Enkeltlogon på tværs af arbejdsstationer på to pilotsygehuse</td><td>Region Sjælland</td><td>30-09-2027</td><td>Ikke påbegyndt</td></tr>
<tr><td>Pilotdrift af farmakogenetisk beslutningsstøtte på den fælles platform for genomdata</td><td>Region Syddanmark</td><td>31-12-2027</td><td>Ikke påbegyndt</td></tr>
<tr><td>Overgang til fælles telefoni efter udløb af nuværende kontrakt</td><td>Region Hovedstaden</td><td>30-09-2027</td><td>Afventer kontraktudløb</td></tr>
<tr><td>Fælles model for driftsaftaler og afsluttet overgang til fælles telefoni i alle regioner</td><td>Region Nordjylland</td><td>31-12-2027</td><td>I gang</td></tr>
</tbody>
</table>
<h2>Tværgående indsatser</h2>
<ul>
<li>Midtvejsevaluering af strategien med opgørelse af strategiens mål i forhold til baseline fra 2026. Sekretariatet har ansvaret, og evalueringen forelægges styregruppen i november 2027.</li>
<li>Fælles beredskabsøvelse i cybersikkerhed med et scenarie, hvor telefoni og sundhedsit er utilgængelige samtidig.</li>
<li>Afslutning af Region Midtjyllands udfasning af ældre integrationsplatforme, som følges særskilt i hver statusrapport.</li>
</ul>
<h2>Spørgsmål til drøftelse</h2>
<ol>
<li>Er ambitionsniveauet for enkeltlogon realistisk, når kun to sygehuse indgår i 2027?</li>
<li>Skal Region Midtjyllands beslutning om optionen på fælles PACS/RIS føre til en selvstændig indsats i 2027?</li>
<li>Bør handlingsplanen indeholde en indsats om fælles krav til medicoteknisk udstyr, som flere regioner har foreslået?</li>
</ol>
<p><strong>Til sekretariatet:</strong> Frister og ansvarlige regioner skal bekræftes af it-direktørerne inden udsendelse af mødemappen.</p>""",
            ),
        ],
    ),

    # ------------------------------------------------------------------
    # 2025: Talegenkendelse og kunstig intelligens i journalføringen
    # ------------------------------------------------------------------
    dict(
        number="25/1290",
        title="Koordineret videreudvikling: talegenkendelse og kunstig intelligens i journalføringen",
        description=(
            "Sagen omhandler regionernes koordinerede videreudvikling af "
            "talegenkendelse og AI-understøttet journalføring i de kliniske "
            "platforme, herunder fælles retningslinjer og deling af erfaringer "
            "fra pilotafprøvninger. Region Midtjylland er lederregion."
        ),
        category="videreudvikling",
        status="aaben",
        responsible="tbn",
        lead_region="midtjylland",
        participating_regions=["hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland"],
        opened="2025-06-16",
        closed=None,
        documents=[
            dict(
                number="42850/25",
                kind="beslutningsoplaeg",
                title="Beslutningsoplæg: Koordineret videreudvikling af talegenkendelse og AI-understøttet journalføring",
                date="2025-08-26",
                author="tbn",
                status="endelig",
                body="""<h2>Indstilling</h2>
<p>Sekretariatet indstiller, at styregruppen godkender et fælles projekt om koordineret videreudvikling af talegenkendelse og kunstig intelligens i journalføringen med Region Midtjylland som lederregion, og at projektet som første leverance udarbejder fælles retningslinjer for anvendelsen senest den 30. juni 2026.</p>
<h2>Baggrund</h2>
<p>Klinikerne bruger en stor del af deres arbejdstid på dokumentation. Alle regioner afprøver i øjeblikket løsninger, hvor samtalen mellem kliniker og patient optages og omsættes til et udkast til journalnotat ved hjælp af talegenkendelse og sprogmodeller. De første erfaringer er lovende: I Region Midtjyllands pilotafprøvning på to medicinske afdelinger oplevede lægerne en tidsbesparelse på 4–7 minutter pr. ambulant konsultation.</p>
<p>Afprøvningerne sker imidlertid uafhængigt af hinanden og med forskellige leverandører, og der er ikke fælles svar på centrale spørgsmål: Hvem har ansvaret for indholdet af et notat, der er genereret automatisk? Hvordan skal patienten informeres om optagelsen? Hvor længe må lydfilerne opbevares? Uden fælles svar risikerer regionerne at træffe forskellige valg, som er vanskelige at ændre senere.</p>
<h2>Tidsplan</h2>
<ul>
<li>September 2025 – marts 2026: erfaringsopsamling fra regionernes pilotafprøvninger.</li>
<li>April–juni 2026: fælles retningslinjer for ansvar, patientinformation, datasikkerhed og kvalitetssikring.</li>
<li>2. halvår 2026: fælles krav til leverandører og integration med de kliniske platforme.</li>
<li>2027: koordineret udbredelse og gevinstopgørelse.</li>
</ul>
<h2>Succesmål</h2>
<ul>
<li>Fælles retningslinjer er godkendt af styregruppen senest den 30. juni 2026.</li>
<li>Mindst 20 afdelinger fordelt på alle regioner anvender AI-understøttet journalføring efter de fælles retningslinjer ved udgangen af 2027.</li>
<li>Tiden til dokumentation i ambulante konsultationer på de deltagende afdelinger reduceres med mindst 15 procent.</li>
<li>Der registreres ingen alvorlige utilsigtede hændelser forårsaget af fejl i automatisk genererede notater, som ikke er opdaget ved klinikerens godkendelse.</li>
</ul>
<h2>Anbefalet lederregion</h2>
<p>Region Midtjylland anbefales som lederregion, fordi regionen har den mest omfattende pilotafprøvning og har etableret et klinisk-juridisk arbejdsfællesskab om kunstig intelligens med deltagelse af regionens ledelse for kvalitet og patientsikkerhed.</p>
<h2>Økonomi</h2>
<p>Koordineringen og retningslinjerne anslås til 3,4 mio. kr. i 2025–2026 og afholdes inden for sekretariatets ramme til forberedelse af fælles indsatser. Udgifter til licenser og integration afholdes af den enkelte region. Gevinstgrundlaget udarbejdes efter den fælles skabelon, når pilotresultaterne foreligger.</p>""",
            ),
            dict(
                number="23620/26",
                kind="statusrapport",
                title="Statusrapport: Talegenkendelse og AI-understøttet journalføring, 1. halvår 2026",
                date="2026-05-11",
                author="tbn",
                status="endelig",
                body="""<h2>Samlet status</h2>
<p>Erfaringsopsamlingen fra regionernes pilotafprøvninger er afsluttet, og udkastet til fælles retningslinjer er sendt i høring i regionerne med frist den 29. maj 2026. Retningslinjerne forventes forelagt styregruppen den 18. juni 2026 som planlagt. Den samlede status vurderes som <strong>grøn</strong>.</p>
<h2>Pilotafprøvninger</h2>
<table>
<thead>
<tr><th>Region</th><th>Antal afdelinger</th><th>Specialer</th><th>Målt tidsbesparelse pr. konsultation</th></tr>
</thead>
<tbody>
<tr><td>Region Hovedstaden</td><td>3</td><td>Kardiologi, endokrinologi, psykiatri</td><td>3–5 minutter</td></tr>
<tr><td>Region Sjælland</td><td>2</td><td>Ortopædkirurgi, geriatri</td><td>4 minutter</td></tr>
<tr><td>Region Syddanmark</td><td>2</td><td>Onkologi, lungemedicin</td><td>5–6 minutter</td></tr>
<tr><td>Region Midtjylland</td><td>4</td><td>Medicin, neurologi, pædiatri</td><td>4–7 minutter</td></tr>
<tr><td>Region Nordjylland</td><td>1</td><td>Akutmedicin</td><td>Ikke opgjort endnu</td></tr>
</tbody>
</table>
<h2>Væsentlige erfaringer</h2>
<ul>
<li>Klinikerne vurderer generelt kvaliteten af udkastene som god, men påpeger, at medicinnavne og doser oftere gengives forkert end anden tekst. Alle pilotafdelinger har derfor indført, at medicinoplysninger altid kontrolleres mod medicinmodulet.</li>
<li>Patienterne har i meget høj grad accepteret optagelsen. Kun 2 procent af patienterne har frabedt sig optagelse.</li>
<li>Løsningerne fungerer dårligere i psykiatrien og pædiatrien, hvor samtalerne er længere og har flere deltagere.</li>
</ul>
<h2>Udkast til retningslinjer</h2>
<p>Udkastet fastslår, at sundhedspersonen altid har ansvaret for journalnotatets indhold, at patienten skal informeres mundtligt før optagelsen, at lydfiler slettes senest 30 dage efter, at notatet er godkendt, og at det skal fremgå af journalen, når et notat er udarbejdet med hjælp fra kunstig intelligens.</p>
<h2>Økonomi</h2>
<p>Der er forbrugt 1,9 mio. kr. af budgettet på 3,4 mio. kr.</p>""",
            ),
            dict(
                number="57650/26",
                kind="notat",
                title="Notat: Udkast til fælles krav til leverandører af AI-understøttet journalføring",
                date="2026-11-16",
                author="tbn",
                status="kladde",
                body="""<p><em>Udkast til drøftelse med regionernes it-direktører den 3. december 2026. Må ikke videregives.</em></p>
<h2>Formål</h2>
<p>Styregruppen godkendte den 18. juni 2026 de fælles retningslinjer for talegenkendelse og kunstig intelligens i journalføringen. Som næste skridt skal regionerne have fælles krav til leverandører, så løsningerne kan integreres ensartet i de kliniske platforme, og så regionerne stiller de samme krav til sikkerhed, databehandling og dokumentation. Notatet er et første udkast til kravene.</p>
<h2>Foreløbige krav</h2>
<ol>
<li><strong>Databehandling:</strong> Lyd, tekst og metadata skal behandles og opbevares i EU. Data må ikke anvendes til at træne leverandørens modeller uden regionens udtrykkelige og skriftlige samtykke.</li>
<li><strong>Integration:</strong> Løsningen skal kunne hente patientens kontekst fra den kliniske platform og returnere udkastet som et ikke-godkendt notat via standardiserede grænseflader, fortrinsvis HL7 FHIR.</li>
<li><strong>Sporbarhed:</strong> Det skal fremgå af notatets metadata, hvilken model og version der er anvendt, og hvornår udkastet er godkendt af sundhedspersonen.</li>
<li><strong>Medicinoplysninger:</strong> Løsningen skal markere alle medicinnavne og doser i udkastet, så klinikeren kan kontrollere dem mod medicinmodulet.</li>
<li><strong>Sletning:</strong> Lydfiler skal slettes automatisk senest 30 dage efter godkendelse af notatet.</li>
<li><strong>Sikkerhed:</strong> Leverandøren skal overholde regionernes fælles krav til leverandørers fjernadgang, herunder totrinsgodkendelse, og skal kunne tilsluttes det fælles sikkerhedscenters overvågning.</li>
</ol>
<h2>Åbne spørgsmål</h2>
<ul>
<li>Skal regionerne stille krav om, at løsningen kan anvendes på andre sprog end dansk? Region Hovedstaden har peget på behovet i tolkesituationer.</li>
<li>Skal der stilles krav om dokumenteret nøjagtighed, og i givet fald hvordan måles den ens på tværs af leverandører?</li>
<li>Er der behov for et fælles udbud, eller kan kravene indgå i regionernes egne anskaffelser? Sekretariatet hælder foreløbig til det sidste.</li>
</ul>
<p><strong>Til sekretariatet:</strong> Afsnittet om økonomi mangler og tilføjes efter mødet med it-direktørerne.</p>""",
            ),
        ],
    ),

    # ------------------------------------------------------------------
    # 2026: Styregruppemøder 2026
    # ------------------------------------------------------------------
    dict(
        number="26/0057",
        title="Styregruppemøder 2026",
        description=(
            "Sagen indeholder dagsordener, bilag og referater fra styregruppens "
            "møder i 2026 samt mødeplan og årshjul. Beslutningerne fremgår af "
            "referaterne under de enkelte dagsordenspunkter."
        ),
        category="egen_drift",
        status="aaben",
        responsible="akr",
        lead_region=None,
        participating_regions=["hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland"],
        opened="2026-01-05",
        closed=None,
        documents=[
            dict(
                number="02160/26",
                kind="bilag",
                title="Mødeplan og årshjul for styregruppen 2026",
                date="2026-01-12",
                author="akr",
                status="endelig",
                body="""<p>Styregruppen holder fem ordinære møder i 2026. Møderne holdes kl. 13.00–16.00 på skift i regionerne og hos Danske Regioner. Dagsorden og mødemappe udsendes senest en uge før mødet, og referatet udsendes senest en uge efter mødet.</p>
<table>
<thead>
<tr><th>Møde</th><th>Dato</th><th>Sted</th><th>Faste punkter</th></tr>
</thead>
<tbody>
<tr><td>1</td><td>26-02-2026</td><td>Danske Regioner, Dampfærgevej 22, København</td><td>Handlingsplan og økonomisk ramme</td></tr>
<tr><td>2</td><td>23-04-2026</td><td>Regionshuset Vejle</td><td>Halvårlig status fra sikkerhedscentret</td></tr>
<tr><td>3</td><td>18-06-2026</td><td>Regionshuset Aalborg</td><td>Status på handlingsplanen (1. halvår)</td></tr>
<tr><td>4</td><td>24-09-2026</td><td>Regionshuset Sorø</td><td>Budgetopfølgning og mødeplan for næste år</td></tr>
<tr><td>5</td><td>26-11-2026</td><td>Regionshuset Aarhus</td><td>Oversigt over følg eller forklar og første drøftelse af handlingsplan 2027</td></tr>
</tbody>
</table>
<h2>Årshjul</h2>
<ul>
<li><strong>1. kvartal:</strong> Godkendelse af årets handlingsplan. Regnskab for det foregående år.</li>
<li><strong>2. kvartal:</strong> Halvårlig status fra det fælles sikkerhedscenter. Status på handlingsplanen.</li>
<li><strong>3. kvartal:</strong> Budgetopfølgning. Mødeplan for det kommende år.</li>
<li><strong>4. kvartal:</strong> Samlet oversigt over regionernes deltagelse efter følg eller forklar. Første drøftelse af næste års handlingsplan.</li>
</ul>
<h2>Praktisk</h2>
<p>Regionernes it-direktører deltager som rådgivere i møderne. Afbud meldes til sekretariatet senest to dage før mødet. Et medlem kan lade sig repræsentere af en stedfortræder, som skal være direktør i den pågældende region eller i Danske Regioner.</p>""",
            ),
            dict(
                number="09010/26",
                kind="dagsorden",
                title="Dagsorden for styregruppemøde den 26. februar 2026",
                date="2026-02-19",
                author="akr",
                status="endelig",
                body="""<p><strong>Tid:</strong> Torsdag den 26. februar 2026 kl. 13.00–16.00<br>
<strong>Sted:</strong> Danske Regioner, Dampfærgevej 22, København<br>
<strong>Indkaldte:</strong> Styregruppens medlemmer. Regionernes it-direktører deltager som rådgivere.</p>
<h2>1. Godkendelse af dagsorden og referat fra mødet den 4. december 2025</h2>
<p><strong>Indstilling:</strong> Det indstilles, at dagsordenen og referatet godkendes.</p>
<h2>2. Meddelelser</h2>
<p>Formanden orienterer om det nationale digitaliseringsudvalgs arbejde med fælles standarder for deling af data. Sekretariatet orienterer om regnskabet for 2025, som viser et mindreforbrug på 0,7 mio. kr.</p>
<h2>3. Handlingsplan 2026 og økonomisk ramme 2026–2028 (beslutning)</h2>
<p><strong>Sagsfremstilling:</strong> Styregruppen godkendte den 4. december 2025 den fælles strategi for regionernes sundheds-it 2026–2029. Sekretariatet har udarbejdet handlingsplanen for 2026, hvor hver region leder mindst én fælles indsats, og en oversigt over anvendelsen af den faste økonomiske ramme på 38,5 mio. kr. årligt i 2026–2028.</p>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen godkender handlingsplanen for 2026 og den økonomiske ramme for 2026–2028.</p>
<p><strong>Bilag:</strong> Bilag 3.1 Handlingsplan 2026 for den fælles strategi. Bilag 3.2 Økonomisk ramme 2026–2028.</p>
<h2>4. Fælles platform for genomdata og præcisionsmedicin (drøftelse)</h2>
<p><strong>Sagsfremstilling:</strong> Region Syddanmark præsenterer de foreløbige overvejelser om en fælles platform for genomdata, herunder afgrænsningen til de nationale løsninger og spørgsmålet om dataansvar. Et beslutningsoplæg forelægges på mødet den 23. april 2026.</p>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen drøfter overvejelserne og giver input til beslutningsoplægget.</p>
<h2>5. Fælles telefoni – status på udbuddet (orientering)</h2>
<p><strong>Sagsfremstilling:</strong> Region Nordjylland har afsluttet forhandlingerne med tilbudsgiverne og forventer at kunne meddele tildeling i marts 2026. Aftalen om fælles telefoni mellem regionerne forelægges til godkendelse på mødet den 18. juni 2026.</p>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen tager orienteringen til efterretning.</p>
<h2>6. Statusrapport: Konsolidering af integrationsplatforme (orientering)</h2>
<p><strong>Sagsfremstilling:</strong> Region Syddanmark orienterer om fremdriften i den fælles køreplan. Region Hovedstaden forventer at udfase sin ældre platform i juni 2026. Region Midtjyllands tidsplan er fortsat stram.</p>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen tager orienteringen til efterretning.</p>
<h2>7. Eventuelt</h2>""",
            ),
            dict(
                number="11340/26",
                kind="moedereferat",
                title="Referat af styregruppemøde den 26. februar 2026",
                date="2026-03-04",
                author="akr",
                status="endelig",
                body="""<p><strong>Deltagere:</strong> Karen Damgaard Lauritsen (formand), Peter Winther Falk, Susanne Bang Mikkelsen, Jens Ole Brandt, Hanne Østergaard Friis, Torben Kjeldsen Aagaard, Camilla Refslund Steen<br>
<strong>Rådgivere:</strong> Lars Krogsgaard (it-direktør, Region Midtjylland), Pia Thorsen (it-direktør, Region Syddanmark), Kim Aabo Winther (it-direktør, Region Nordjylland)<br>
<strong>Fra sekretariatet:</strong> Mette Kjærgaard Holm, Lone Hvidberg Jessen, Anne Kathrine Rask (referent)</p>
<h2>1. Godkendelse af dagsorden og referat fra mødet den 4. december 2025</h2>
<p>Dagsordenen og referatet blev godkendt.</p>
<h2>2. Meddelelser</h2>
<p>Formanden orienterede om, at det nationale digitaliseringsudvalg forventer at fremlægge anbefalinger om fælles standarder for deling af data i efteråret 2026. Sekretariatet orienterede om regnskabet for 2025 med et mindreforbrug på 0,7 mio. kr., som efter reglerne for den faste ramme tilbagebetales til regionerne.</p>
<h2>3. Handlingsplan 2026 og økonomisk ramme 2026–2028</h2>
<p>Mette Kjærgaard Holm gennemgik handlingsplanen. Susanne Bang Mikkelsen understregede betydningen af, at baseline for klinikernes tid til dokumentation og log-in måles ens i alle regioner, og at målemetoden godkendes af it-direktørerne, før målingen begynder. Hanne Østergaard Friis spurgte til, hvordan lønstigninger i sekretariatet håndteres inden for den faste ramme.</p>
<p><strong>Beslutning:</strong> Styregruppen besluttede at godkende handlingsplanen for 2026 og den økonomiske ramme på 38,5 mio. kr. årligt for 2026–2028. Styregruppen besluttede endvidere, at lønstigninger i sekretariatet finansieres inden for rammen ved en tilsvarende reduktion af midlerne til forberedelse af fælles indsatser.</p>
<h2>4. Fælles platform for genomdata og præcisionsmedicin</h2>
<p>Jens Ole Brandt præsenterede Region Syddanmarks overvejelser. Styregruppen drøftede afgrænsningen til de nationale løsninger og var enig i, at platformen skal supplere og ikke erstatte den nationale infrastruktur. Camilla Refslund Steen anbefalede, at spørgsmålet om dataansvar afklares med de nationale myndigheder, før beslutningsoplægget forelægges.</p>
<p><strong>Beslutning:</strong> Styregruppen drøftede overvejelserne og besluttede at bede Region Syddanmark og sekretariatet om at forelægge et beslutningsoplæg på mødet den 23. april 2026 med en særskilt beskrivelse af dataansvar og samspil med de nationale løsninger.</p>
<h2>5. Fælles telefoni – status på udbuddet</h2>
<p>Torben Kjeldsen Aagaard orienterede om, at forhandlingerne er afsluttet, og at den økonomisk mest fordelagtige tilbudsgiver ligger ca. 8 procent under budgettet.</p>
<p><strong>Beslutning:</strong> Styregruppen tog orienteringen til efterretning.</p>
<h2>6. Statusrapport: Konsolidering af integrationsplatforme</h2>
<p>Styregruppen tog orienteringen til efterretning og bad Region Midtjylland om at redegøre for sin tidsplan på mødet den 24. september 2026.</p>
<h2>7. Eventuelt</h2>
<p>Intet.</p>""",
            ),
            dict(
                number="19080/26",
                kind="dagsorden",
                title="Dagsorden for styregruppemøde den 23. april 2026",
                date="2026-04-16",
                author="akr",
                status="endelig",
                body="""<p><strong>Tid:</strong> Torsdag den 23. april 2026 kl. 13.00–16.00<br>
<strong>Sted:</strong> Regionshuset Vejle, Damhaven 12<br>
<strong>Indkaldte:</strong> Styregruppens medlemmer. Regionernes it-direktører deltager som rådgivere.</p>
<h2>1. Godkendelse af dagsorden og referat fra mødet den 26. februar 2026</h2>
<p><strong>Indstilling:</strong> Det indstilles, at dagsordenen og referatet godkendes.</p>
<h2>2. Meddelelser</h2>
<p>Sekretariatet orienterer om, at Region Nordjylland den 24. marts 2026 har tildelt kontrakten om fælles telefoni, og at standstill-perioden er udløbet uden klager.</p>
<h2>3. Beslutningsoplæg: Fælles platform for genomdata og præcisionsmedicin (beslutning)</h2>
<p><strong>Sagsfremstilling:</strong> Region Syddanmark og sekretariatet har udarbejdet et beslutningsoplæg om en fælles platform, hvor resultater fra genetiske analyser kan opbevares, fortolkes og stilles til rådighed for klinikerne. Beslutningsoplægget indeholder en beskrivelse af dataansvar og samspillet med de nationale løsninger, som styregruppen efterspurgte på mødet den 26. februar 2026.</p>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen godkender beslutningsoplægget, herunder at Region Syddanmark er lederregion, og at regionerne giver tilbagemelding efter følg eller forklar senest den 1. september 2026.</p>
<p><strong>Bilag:</strong> Bilag 3.1 Beslutningsoplæg. Bilag 3.2 Skitse til arkitektur og dataansvar.</p>
<h2>4. Halvårlig status fra det fælles sikkerhedscenter (orientering)</h2>
<p><strong>Sagsfremstilling:</strong> Region Midtjylland orienterer om trusselsbilledet og om de hændelser, sikkerhedscentret har håndteret siden oktober 2025, herunder et overbelastningsangreb mod regionernes offentlige hjemmesider i januar 2026.</p>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen tager orienteringen til efterretning.</p>
<h2>5. Region Midtjyllands option på fælles PACS/RIS (drøftelse)</h2>
<p><strong>Sagsfremstilling:</strong> Region Midtjylland afstod i 2020 fra det fælles udbud af PACS/RIS, men har en option på tilslutning fra 1. januar 2028. Sekretariatet har anbefalet, at regionen meddeler sin beslutning senest den 31. december 2026, så migreringen kan planlægges.</p>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen drøfter tidsplanen for regionens beslutning.</p>
<h2>6. Eventuelt</h2>""",
            ),
            dict(
                number="21420/26",
                kind="moedereferat",
                title="Referat af styregruppemøde den 23. april 2026",
                date="2026-04-29",
                author="akr",
                status="endelig",
                body="""<p><strong>Deltagere:</strong> Karen Damgaard Lauritsen (formand), Peter Winther Falk, Susanne Bang Mikkelsen, Jens Ole Brandt, Hanne Østergaard Friis, Camilla Refslund Steen<br>
<strong>Afbud:</strong> Torben Kjeldsen Aagaard<br>
<strong>Rådgivere:</strong> Lars Krogsgaard (it-direktør, Region Midtjylland), Pia Thorsen (it-direktør, Region Syddanmark), Henrik Saxtorph Bille (it-direktør, Region Hovedstaden)<br>
<strong>Fra sekretariatet:</strong> Mette Kjærgaard Holm, Thomas Bruun Nørgaard, Anne Kathrine Rask (referent)</p>
<h2>1. Godkendelse af dagsorden og referat fra mødet den 26. februar 2026</h2>
<p>Dagsordenen og referatet blev godkendt.</p>
<h2>2. Meddelelser</h2>
<p>Styregruppen tog orienteringen om tildelingen af kontrakten om fælles telefoni til efterretning.</p>
<h2>3. Beslutningsoplæg: Fælles platform for genomdata og præcisionsmedicin</h2>
<p>Jens Ole Brandt gennemgik beslutningsoplægget. Peter Winther Falk bemærkede, at Region Hovedstaden og Region Sjælland skal sikre, at integrationen til Sundhedsplatformen prioriteres i platformens videreudvikling. Hanne Østergaard Friis spurgte til fordelingen af driftsudgifterne, som endnu ikke er endeligt beskrevet.</p>
<p><strong>Beslutning:</strong> Styregruppen besluttede at godkende beslutningsoplægget med Region Syddanmark som lederregion. Styregruppen besluttede endvidere at bede sekretariatet om at forelægge et forslag til fordeling af driftsudgifterne senest på mødet den 26. november 2026, og at regionerne giver tilbagemelding efter følg eller forklar senest den 1. september 2026.</p>
<h2>4. Halvårlig status fra det fælles sikkerhedscenter</h2>
<p>Lars Krogsgaard orienterede om, at sikkerhedscentret har håndteret 27 sikkerhedshændelser siden oktober 2025. Overbelastningsangrebet mod regionernes hjemmesider i januar 2026 havde ingen betydning for patientbehandlingen, men gjorde det vanskeligt for borgere at finde oplysninger om akuttelefoner i ca. to timer.</p>
<p><strong>Beslutning:</strong> Styregruppen tog orienteringen til efterretning og besluttede at bede Region Midtjylland om at indarbejde et scenarie med overbelastningsangreb i den fælles beredskabsøvelse i oktober 2026.</p>
<h2>5. Region Midtjyllands option på fælles PACS/RIS</h2>
<p>Hanne Østergaard Friis oplyste, at Region Midtjylland forventer at udnytte optionen, men at regionen først vil vurdere erfaringerne med de værktøjer til kunstig intelligens, som de øvrige regioner tager i brug i den fælles løsning.</p>
<p><strong>Beslutning:</strong> Styregruppen besluttede at fastholde fristen den 31. december 2026 for Region Midtjyllands beslutning om optionen.</p>
<h2>6. Eventuelt</h2>
<p>Intet.</p>""",
            ),
            dict(
                number="29160/26",
                kind="dagsorden",
                title="Dagsorden for styregruppemøde den 18. juni 2026",
                date="2026-06-11",
                author="akr",
                status="endelig",
                body="""<p><strong>Tid:</strong> Torsdag den 18. juni 2026 kl. 13.00–16.00<br>
<strong>Sted:</strong> Regionshuset Aalborg, Niels Bohrs Vej 30<br>
<strong>Indkaldte:</strong> Styregruppens medlemmer. Regionernes it-direktører deltager som rådgivere.</p>
<h2>1. Godkendelse af dagsorden og referat fra mødet den 23. april 2026</h2>
<p><strong>Indstilling:</strong> Det indstilles, at dagsordenen og referatet godkendes.</p>
<h2>2. Meddelelser</h2>
<p>Sekretariatet orienterer om, at Region Hovedstaden har udfaset sin ældre integrationsplatform den 15. juni 2026 uden driftsforstyrrelser.</p>
<h2>3. Fælles retningslinjer for talegenkendelse og kunstig intelligens i journalføringen (beslutning)</h2>
<p><strong>Sagsfremstilling:</strong> Region Midtjylland har på baggrund af regionernes pilotafprøvninger udarbejdet fælles retningslinjer for ansvar, patientinformation, datasikkerhed og kvalitetssikring. Udkastet har været i høring i regionerne, og høringssvarene er indarbejdet.</p>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen godkender de fælles retningslinjer, og at de træder i kraft den 1. september 2026.</p>
<p><strong>Bilag:</strong> Bilag 3.1 Fælles retningslinjer. Bilag 3.2 Statusrapport, 1. halvår 2026.</p>
<h2>4. Aftalen om fælles telefoni (beslutning)</h2>
<p><strong>Sagsfremstilling:</strong> Region Nordjylland har indgået kontrakt med leverandøren af den fælles telefoniplatform med virkning fra 1. august 2026. For at den fælles drift kan begynde, skal de fem regioner indgå en aftale om fælles telefoni, der fastlægger Region Nordjyllands rolle som driftsregion, fordelingen af udgifter, styringen gennem et fælles brugerforum og vilkårene for udtræden. Region Hovedstaden indgår i aftalen med virkning fra 1. juli 2027, når regionens nuværende kontrakt udløber.</p>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen godkender aftalen om fælles telefoni og anbefaler den til underskrift i regionerne.</p>
<p><strong>Bilag:</strong> Bilag 4.1 Hovedpunkter i aftalen om fælles telefoni.</p>
<h2>5. Status på handlingsplan 2026 (orientering)</h2>
<p><strong>Sagsfremstilling:</strong> Sekretariatet orienterer om status på handlingsplanens indsatser. To indsatser er gennemført, to forløber planmæssigt, og én er i risiko for forsinkelse.</p>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen tager orienteringen til efterretning.</p>
<h2>6. Eventuelt</h2>""",
            ),
            dict(
                number="31500/26",
                kind="moedereferat",
                title="Referat af styregruppemøde den 18. juni 2026",
                date="2026-06-24",
                author="akr",
                status="endelig",
                body="""<p><strong>Deltagere:</strong> Karen Damgaard Lauritsen (formand), Peter Winther Falk, Susanne Bang Mikkelsen, Jens Ole Brandt, Hanne Østergaard Friis, Torben Kjeldsen Aagaard, Camilla Refslund Steen<br>
<strong>Rådgivere:</strong> Lars Krogsgaard (it-direktør, Region Midtjylland), Kim Aabo Winther (it-direktør, Region Nordjylland), Helle Munk Dahl (it-direktør, Region Sjælland)<br>
<strong>Fra sekretariatet:</strong> Mette Kjærgaard Holm, Martin Søgaard Olesen, Anne Kathrine Rask (referent)</p>
<h2>1. Godkendelse af dagsorden og referat fra mødet den 23. april 2026</h2>
<p>Dagsordenen og referatet blev godkendt.</p>
<h2>2. Meddelelser</h2>
<p>Styregruppen tog orienteringen om udfasningen af Region Hovedstadens ældre integrationsplatform til efterretning og roste regionen for en velgennemført overgang.</p>
<h2>3. Fælles retningslinjer for talegenkendelse og kunstig intelligens i journalføringen</h2>
<p>Hanne Østergaard Friis gennemgik retningslinjerne. Styregruppen drøftede særligt kravet om, at det skal fremgå af journalen, når et notat er udarbejdet med hjælp fra kunstig intelligens, og var enig i, at det er vigtigt for patienternes tillid. Peter Winther Falk bemærkede, at retningslinjerne ikke må forsinke Region Hovedstadens igangværende udbredelse i psykiatrien.</p>
<p><strong>Beslutning:</strong> Styregruppen besluttede at godkende de fælles retningslinjer med ikrafttræden den 1. september 2026. Styregruppen besluttede endvidere, at igangværende pilotafprøvninger kan fortsætte efter de hidtidige vilkår frem til ikrafttrædelsen.</p>
<h2>4. Aftalen om fælles telefoni</h2>
<p>Torben Kjeldsen Aagaard gennemgik hovedpunkterne i aftalen. Kontraktsummen for seks år er 318 mio. kr. ved fuld udrulning, og de samlede årlige udgifter til telefoni for de fem regioner forventes reduceret med ca. 17 procent i forhold til i dag. Susanne Bang Mikkelsen spurgte til beredskabet ved nedbrud, og Torben Kjeldsen Aagaard oplyste, at platformen drives fra to adskilte datacentre, og at Region Midtjylland udarbejder en fælles beredskabsprocedure som en del af implementeringsplanen. Peter Winther Falk bekræftede, at Region Hovedstaden forventer at tilslutte sig den 1. juli 2027, når regionens nuværende kontrakt udløber.</p>
<p><strong>Beslutning:</strong> Styregruppen godkendte aftalen om fælles telefoni og anbefaler den til underskrift i regionerne. Styregruppen besluttede at bede Region Nordjylland om at udarbejde en implementeringsplan med én fælles leverance pr. region og om at rapportere driftsstatus til styregruppen to gange om året via sekretariatet.</p>
<h2>5. Status på handlingsplan 2026</h2>
<p>Sekretariatet orienterede om, at indsatsen om en fælles baseline for klinikernes tid til dokumentation og log-in er i risiko for forsinkelse, fordi regionerne endnu ikke er enige om målemetoden.</p>
<p><strong>Beslutning:</strong> Styregruppen tog orienteringen til efterretning og besluttede at bede regionernes it-direktører om at godkende en fælles målemetode inden den 1. september 2026.</p>
<h2>6. Eventuelt</h2>
<p>Formanden takkede Region Nordjylland for værtskabet.</p>""",
            ),
            dict(
                number="46800/26",
                kind="dagsorden",
                title="Dagsorden for styregruppemøde den 24. september 2026",
                date="2026-09-17",
                author="akr",
                status="endelig",
                body="""<p><strong>Tid:</strong> Torsdag den 24. september 2026 kl. 13.00–16.00<br>
<strong>Sted:</strong> Regionshuset Sorø, Alleen 15<br>
<strong>Indkaldte:</strong> Styregruppens medlemmer. Regionernes it-direktører deltager som rådgivere.</p>
<h2>1. Godkendelse af dagsorden og referat fra mødet den 18. juni 2026</h2>
<p><strong>Indstilling:</strong> Det indstilles, at dagsordenen og referatet godkendes.</p>
<h2>2. Meddelelser</h2>
<p>Sekretariatet orienterer om, at alle fem regioner har underskrevet aftalen om fælles telefoni, og at alle regioner har givet tilbagemelding om den fælles platform for genomdata inden fristen den 1. september 2026.</p>
<h2>3. Fælles telefoni – første erfaringer fra Region Nordjylland (orientering)</h2>
<p><strong>Sagsfremstilling:</strong> Region Nordjylland gik i drift med den fælles telefoniplatform den 14. september 2026. Regionen orienterer om overgangen og de første erfaringer, herunder justeringen af køstyringen i patientkontakten.</p>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen tager orienteringen til efterretning.</p>
<h2>4. Status på handlingsplan 2026 (orientering)</h2>
<p><strong>Sagsfremstilling:</strong> Tre af handlingsplanens fem indsatser er gennemført. Målemetoden for den fælles baseline er godkendt af it-direktørerne den 28. august 2026, men målingen er forsinket til oktober og november 2026.</p>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen tager orienteringen til efterretning.</p>
<h2>5. Budgetopfølgning 2026 (orientering)</h2>
<p><strong>Sagsfremstilling:</strong> Forbruget pr. 31. august 2026 er 24,1 mio. kr. af rammen på 38,5 mio. kr. Sekretariatet forventer et mindreforbrug på ca. 0,4 mio. kr., primært på puljen til uforudsete udgifter.</p>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen tager budgetopfølgningen til efterretning.</p>
<h2>6. Konsolidering af integrationsplatforme – Region Midtjyllands tidsplan (drøftelse)</h2>
<p><strong>Sagsfremstilling:</strong> Region Midtjylland redegør for tidsplanen for udfasningen af regionens to ældre integrationsplatforme, som styregruppen bad om på mødet den 26. februar 2026.</p>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen drøfter redegørelsen.</p>
<h2>7. Mødeplan 2027 (beslutning)</h2>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen godkender, at der holdes fem møder i 2027 den 25. februar, 22. april, 17. juni, 23. september og 25. november.</p>
<h2>8. Eventuelt</h2>""",
            ),
            dict(
                number="49320/26",
                kind="moedereferat",
                title="Referat af styregruppemøde den 24. september 2026",
                date="2026-10-01",
                author="akr",
                status="endelig",
                body="""<p><strong>Deltagere:</strong> Karen Damgaard Lauritsen (formand), Peter Winther Falk, Susanne Bang Mikkelsen, Hanne Østergaard Friis, Torben Kjeldsen Aagaard, Camilla Refslund Steen<br>
<strong>Afbud:</strong> Jens Ole Brandt (stedfortræder: Pia Thorsen, it-direktør, Region Syddanmark)<br>
<strong>Rådgivere:</strong> Lars Krogsgaard (it-direktør, Region Midtjylland), Kim Aabo Winther (it-direktør, Region Nordjylland)<br>
<strong>Fra sekretariatet:</strong> Mette Kjærgaard Holm, Lone Hvidberg Jessen, Anne Kathrine Rask (referent)</p>
<h2>1. Godkendelse af dagsorden og referat fra mødet den 18. juni 2026</h2>
<p>Dagsordenen og referatet blev godkendt.</p>
<h2>2. Meddelelser</h2>
<p>Styregruppen tog orienteringen til efterretning. Sekretariatet oplyste, at fire regioner deltager i den fælles platform for genomdata, mens Region Nordjylland afventer, til regionens nye molekylærbiologiske laboratorium er i drift i 2027. Begrundelsen er journaliseret på sagen om platformen.</p>
<h2>3. Fælles telefoni – første erfaringer fra Region Nordjylland</h2>
<p>Kim Aabo Winther orienterede om overgangen, som er forløbet uden nedbrud. Andelen af tabte opkald i patientkontakten steg i de første dage, men er efter justering af køstyringen lavere end før overgangen. Susanne Bang Mikkelsen oplyste, at Region Sjælland har udskudt overgangen af akutmodtagelserne, til en rettelse af mobilklienten er verificeret.</p>
<p><strong>Beslutning:</strong> Styregruppen tog orienteringen til efterretning og besluttede, at ingen akutmodtagelse overgår til den fælles platform, før rettelsen af mobilklienten er verificeret i Region Nordjylland.</p>
<h2>4. Status på handlingsplan 2026</h2>
<p><strong>Beslutning:</strong> Styregruppen tog orienteringen til efterretning.</p>
<h2>5. Budgetopfølgning 2026</h2>
<p><strong>Beslutning:</strong> Styregruppen tog budgetopfølgningen til efterretning.</p>
<h2>6. Konsolidering af integrationsplatforme – Region Midtjyllands tidsplan</h2>
<p>Hanne Østergaard Friis redegjorde for, at Region Midtjylland har opdelt udfasningen i to etaper. Første etape, platform A, afsluttes i 2. kvartal 2027. Anden etape, platform C, afsluttes i 4. kvartal 2027, men kræver ekstern bistand. Regionen har indgået aftale om bistand fra Region Syddanmark og en ekstern leverandør.</p>
<p><strong>Beslutning:</strong> Styregruppen besluttede at tage redegørelsen til efterretning og at bede sekretariatet om at følge særskilt op på Region Midtjyllands anden etape i hver statusrapport frem til afslutningen.</p>
<h2>7. Mødeplan 2027</h2>
<p><strong>Beslutning:</strong> Styregruppen besluttede at godkende mødeplanen for 2027 med møder den 25. februar, 22. april, 17. juni, 23. september og 25. november 2027.</p>
<h2>8. Eventuelt</h2>
<p>Intet.</p>""",
            ),
            dict(
                number="58140/26",
                kind="dagsorden",
                title="Dagsorden for styregruppemøde den 26. november 2026",
                date="2026-11-19",
                author="akr",
                status="endelig",
                body="""<p><strong>Tid:</strong> Torsdag den 26. november 2026 kl. 13.00–16.00<br>
<strong>Sted:</strong> Regionshuset Aarhus, Olof Palmes Allé 15<br>
<strong>Indkaldte:</strong> Styregruppens medlemmer. Regionernes it-direktører deltager som rådgivere.</p>
<h2>1. Godkendelse af dagsorden og referat fra mødet den 24. september 2026</h2>
<p><strong>Indstilling:</strong> Det indstilles, at dagsordenen og referatet godkendes.</p>
<h2>2. Meddelelser</h2>
<p>Sekretariatet orienterer om status på fælles telefoni. Region Sjællands overgang forventes afsluttet den 15. december 2026. Rettelsen af mobilklienten er verificeret i Region Nordjylland den 6. november 2026.</p>
<h2>3. Regionernes deltagelse efter følg eller forklar – samlet oversigt 2026 (drøftelse)</h2>
<p><strong>Sagsfremstilling:</strong> Sekretariatet har udarbejdet den årlige oversigt over regionernes deltagelse i de fælles indsatser. Af 14 aktive fælles indsatser deltager alle fem regioner i 11. I de øvrige tre indsatser er der følgende afvigelser:</p>
<ul>
<li>Fælles telefoni: Region Hovedstaden afventer udløbet af sin nuværende kontrakt den 30. juni 2027.</li>
<li>Fælles PACS/RIS: Region Midtjylland afstod i 2020 og skal senest den 31. december 2026 meddele, om regionen udnytter optionen fra 2028.</li>
<li>Fælles platform for genomdata: Region Nordjylland afventer idriftsættelsen af regionens nye molekylærbiologiske laboratorium i 2027.</li>
</ul>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen drøfter oversigten og tager begrundelserne til efterretning.</p>
<h2>4. Gevinstopgørelse for fælles PACS/RIS (orientering)</h2>
<p><strong>Sagsfremstilling:</strong> Region Hovedstaden har opgjort gevinsterne efter tre års drift. De realiserede besparelser på licenser og drift udgør 9,8 mio. kr. årligt for de fire deltagende regioner.</p>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen tager orienteringen til efterretning.</p>
<h2>5. Fordeling af driftsudgifter til den fælles platform for genomdata (drøftelse)</h2>
<p><strong>Sagsfremstilling:</strong> Sekretariatet forelægger, som aftalt på mødet den 23. april 2026, et udkast til fordeling af driftsudgifterne. Udkastet lægger op til en kombination af en fast andel efter bloktilskudsnøglen og en variabel andel efter antal analyser.</p>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen drøfter udkastet, så et endeligt forslag kan forelægges til beslutning den 25. februar 2027.</p>
<h2>6. Handlingsplan 2027 – første drøftelse (drøftelse)</h2>
<p><strong>Sagsfremstilling:</strong> Sekretariatet præsenterer forslag til indsatser i 2027, herunder fælles krav til leverandører af AI-understøttet journalføring, enkeltlogon på tværs af arbejdsstationer og midtvejsevalueringen af strategien.</p>
<p><strong>Indstilling:</strong> Det indstilles, at styregruppen drøfter forslagene.</p>
<h2>7. Lukket punkt</h2>
<h2>8. Eventuelt</h2>""",
            ),
        ],
    ),

    # ------------------------------------------------------------------
    # 2026: Fælles platform for genomdata
    # ------------------------------------------------------------------
    dict(
        number="26/0211",
        title="Fælles platform for genomdata og præcisionsmedicin",
        description=(
            "Sagen omhandler etableringen af en fælles regional platform, hvor "
            "resultater fra genetiske analyser kan opbevares, fortolkes og stilles "
            "til rådighed for klinikerne i journalen, i samspil med de nationale "
            "løsninger. Region Syddanmark er lederregion. Region Nordjylland "
            "afventer til 2027."
        ),
        category="tvaergaaende",
        status="aaben",
        responsible="lhj",
        lead_region="syddanmark",
        participating_regions=["hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland"],
        opened="2026-02-02",
        closed=None,
        documents=[
            dict(
                number="15300/26",
                kind="beslutningsoplaeg",
                title="Beslutningsoplæg: Fælles platform for genomdata og præcisionsmedicin",
                date="2026-03-26",
                author="lhj",
                status="endelig",
                body="""<h2>Indstilling</h2>
<p>Sekretariatet indstiller, at styregruppen:</p>
<ol>
<li>godkender, at regionerne etablerer en fælles platform for genomdata og præcisionsmedicin med Region Syddanmark som lederregion,</li>
<li>godkender, at platformen afgrænses til opbevaring af fortolkede resultater, fælles fortolkningsværktøjer og visning i de kliniske platforme, mens rådata fortsat opbevares i den nationale infrastruktur,</li>
<li>godkender, at regionerne giver tilbagemelding efter princippet om følg eller forklar senest den 1. september 2026.</li>
</ol>
<h2>Baggrund</h2>
<p>Genetiske analyser anvendes i stigende omfang i den kliniske hverdag, blandt andet inden for kræftbehandling, sjældne sygdomme, arvelige hjertesygdomme og farmakogenetik, hvor patientens gener har betydning for valget af medicin og dosis. Antallet af helgenomsekventeringer og større genpaneler er mere end tredoblet siden 2022.</p>
<p>Resultaterne håndteres i dag forskelligt i regionerne. Fortolkede svar sendes ofte som PDF-filer til journalen, hvor de er vanskelige at finde, og hvor de ikke kan anvendes til beslutningsstøtte, fx en advarsel, når der ordineres et lægemiddel, som patienten omsætter langsomt. Når ny viden ændrer fortolkningen af en genetisk variant, er der ingen systematisk mulighed for at finde de patienter, det berører.</p>
<h2>Tidsplan</h2>
<ul>
<li>April–august 2026: arkitektur, dataansvar og aftale med de nationale myndigheder.</li>
<li>1. september 2026: regionernes tilbagemelding efter følg eller forklar.</li>
<li>4. kvartal 2026: fordeling af driftsudgifter og anskaffelsesstrategi.</li>
<li>2027: etablering og pilotdrift inden for farmakogenetik.</li>
<li>2028: udvidelse til kræftgenetik og sjældne sygdomme.</li>
</ul>
<h2>Succesmål</h2>
<ul>
<li>Fortolkede genetiske resultater er tilgængelige som strukturerede data i alle deltagende regioners kliniske platforme senest ved udgangen af 2028.</li>
<li>Farmakogenetiske resultater anvendes til beslutningsstøtte i medicinmodulet i mindst tre regioner ved udgangen af 2027.</li>
<li>Ved ændret fortolkning af en variant kan de berørte patienter identificeres inden for én arbejdsdag.</li>
</ul>
<h2>Anbefalet lederregion</h2>
<p>Region Syddanmark anbefales som lederregion. Regionen har et stort klinisk genetisk miljø, har udviklet en regional løsning til fortolkning af genpaneler og har tilbudt at stille en platformsansvarlig, to udviklere og en klinisk genetiker til rådighed.</p>
<h2>Økonomi</h2>
<p>Etableringen anslås til 24–28 mio. kr. i 2026–2028. Den årlige drift anslås til 6–8 mio. kr. fra 2028. Sekretariatet forelægger forslag til fordeling af driftsudgifterne senest den 26. november 2026. Gevinstgrundlaget er udarbejdet efter den fælles skabelon og viser blandt andet færre bivirkninger og genindlæggelser som følge af farmakogenetisk beslutningsstøtte.</p>""",
            ),
            dict(
                number="15306/26",
                kind="bilag",
                title="Bilag 3.2: Skitse til arkitektur og dataansvar for fælles platform for genomdata",
                date="2026-03-26",
                author="lhj",
                status="endelig",
                body="""<p>Bilaget hører til punkt 3 på dagsordenen for styregruppens møde den 23. april 2026. Det beskriver den foreløbige arkitektur for den fælles platform og fordelingen af dataansvar. Skitsen er udarbejdet af Region Syddanmark i dialog med de nationale myndigheder på området.</p>
<h2>Arkitektur</h2>
<ol>
<li><strong>National infrastruktur:</strong> Rådata fra sekventeringen, fx sekvensfiler og variantfiler, opbevares fortsat i den nationale infrastruktur og flyttes ikke til den fælles platform.</li>
<li><strong>Fælles regional platform:</strong> Fortolkede resultater opbevares som strukturerede data med henvisning til rådata. Platformen indeholder fælles værktøjer til fortolkning og en fælles variantdatabase.</li>
<li><strong>Kliniske platforme:</strong> Resultaterne vises i journalen og anvendes til beslutningsstøtte i medicinmodulet via standardiserede grænseflader (HL7 FHIR).</li>
</ol>
<h2>Dataansvar</h2>
<p>Hver region er dataansvarlig for sine egne patienters fortolkede resultater. Region Syddanmark er databehandler for de øvrige regioner og driver platformen efter en databehandleraftale. Den fælles variantdatabase indeholder ikke personoplysninger, men alene anonymiserede oplysninger om varianter og deres fortolkning.</p>
<table>
<thead>
<tr><th>Data</th><th>Opbevares</th><th>Dataansvarlig</th></tr>
</thead>
<tbody>
<tr><td>Rådata (sekvens- og variantfiler)</td><td>National infrastruktur</td><td>National myndighed</td></tr>
<tr><td>Fortolkede resultater</td><td>Fælles regional platform</td><td>Den region, der har rekvireret analysen</td></tr>
<tr><td>Fælles variantdatabase</td><td>Fælles regional platform</td><td>Region Syddanmark på vegne af fællesskabet</td></tr>
<tr><td>Visning og beslutningsstøtte</td><td>Regionernes kliniske platforme</td><td>Den enkelte region</td></tr>
</tbody>
</table>
<h2>Sikkerhed</h2>
<p>Platformen klassificeres som et niveau 1-system og overvåges af det fælles sikkerhedscenter. Adgang til fortolkede resultater kræver en aktuel behandlingsrelation, og alle opslag logges og kan ses af patienten på sundhed.dk.</p>""",
            ),
            dict(
                number="44270/26",
                kind="notat",
                title="Notat: Regionernes tilslutning til fælles platform for genomdata (følg eller forklar)",
                date="2026-09-03",
                author="lhj",
                status="endelig",
                body="""<h2>Formål</h2>
<p>Notatet samler regionernes tilbagemeldinger på deltagelse i den fælles platform for genomdata og præcisionsmedicin, som styregruppen godkendte den 23. april 2026. Alle fem regioner har svaret inden fristen den 1. september 2026.</p>
<h2>Tilbagemeldinger</h2>
<table>
<thead>
<tr><th>Region</th><th>Tilslutning</th><th>Begrundelse</th></tr>
</thead>
<tbody>
<tr><td>Region Hovedstaden</td><td>Deltager</td><td>–</td></tr>
<tr><td>Region Sjælland</td><td>Deltager</td><td>–</td></tr>
<tr><td>Region Syddanmark</td><td>Deltager (lederregion)</td><td>–</td></tr>
<tr><td>Region Midtjylland</td><td>Deltager</td><td>–</td></tr>
<tr><td>Region Nordjylland</td><td>Afventer</td><td>Nyt molekylærbiologisk laboratorium i drift i 2027</td></tr>
</tbody>
</table>
<h2>Region Nordjylland afventer</h2>
<p>Region Nordjylland samler i 2027 sine genetiske analyser i et nyt molekylærbiologisk laboratorium på Aalborg Universitetshospital, hvor der samtidig indføres et nyt laboratoriesystem til genetiske analyser. Regionen vurderer, at det vil være uhensigtsmæssigt at etablere integrationen til den fælles platform fra det nuværende laboratoriesystem, som udfases i løbet af 2027, og derefter skulle gentage arbejdet. Regionen ønsker at tilslutte sig platformen, når det nye laboratorium er i drift, og forventer, at det sker i 1. kvartal 2028.</p>
<p>Regionen deltager i arbejdsgrupperne om den fælles variantdatabase og beslutningsstøtten i medicinmodulet og betaler sin andel af etableringsudgifterne fra start.</p>
<p>Sekretariatet vurderer, at begrundelsen er vægtig og i overensstemmelse med princippet om følg eller forklar, og at udsættelsen ikke påvirker tidsplanen for pilotdriften.</p>
<h2>Bemærkninger fra de deltagende regioner</h2>
<ul>
<li>Region Hovedstaden og Region Sjælland ønsker, at integrationen til Sundhedsplatformen indgår i pilotdriften i 2027.</li>
<li>Region Midtjylland foreslår, at pilotdriften inden for farmakogenetik begynder på de kliniske farmakologiske afdelinger, som allerede anvender genotypning i udredningen.</li>
</ul>
<h2>Videre proces</h2>
<p>Sekretariatet orienterer styregruppen på mødet den 24. september 2026 og forelægger forslag til fordeling af driftsudgifterne på mødet den 26. november 2026.</p>""",
            ),
            dict(
                number="56510/26",
                kind="notat",
                title="Notat: Udkast til fordeling af driftsudgifter for fælles platform for genomdata",
                date="2026-11-10",
                author="lhj",
                status="kladde",
                body="""<p><em>Udkast. Forelægges styregruppen til drøftelse den 26. november 2026.</em></p>
<h2>Formål</h2>
<p>Styregruppen bad den 23. april 2026 sekretariatet om at forelægge et forslag til fordeling af driftsudgifterne for den fælles platform for genomdata og præcisionsmedicin. Notatet beskriver tre modeller og sekretariatets foreløbige anbefaling.</p>
<h2>Modeller</h2>
<ol>
<li><strong>Bloktilskudsnøglen:</strong> Udgifterne fordeles som regionernes øvrige fælles udgifter. Modellen er enkel, men tager ikke højde for, at regionernes brug af genetiske analyser er meget forskellig.</li>
<li><strong>Antal analyser:</strong> Udgifterne fordeles efter antal fortolkede resultater, der registreres på platformen. Modellen afspejler brugen, men giver store udsving fra år til år og kan modvirke brugen af platformen.</li>
<li><strong>Kombineret model:</strong> 60 procent af udgifterne fordeles efter bloktilskudsnøglen som betaling for fælles grundkapacitet, og 40 procent fordeles efter antal analyser det foregående år.</li>
</ol>
<h2>Foreløbig anbefaling</h2>
<p>Sekretariatet anbefaler den kombinerede model. Med en forventet årlig driftsudgift på 7 mio. kr. fra 2028 vil fordelingen ud fra tallene for 2025 være:</p>
<table>
<thead>
<tr><th>Region</th><th>Fast andel (mio. kr.)</th><th>Variabel andel (mio. kr.)</th><th>I alt (mio. kr.)</th></tr>
</thead>
<tbody>
<tr><td>Region Hovedstaden</td><td>1,37</td><td>1,04</td><td>2,41</td></tr>
<tr><td>Region Sjælland</td><td>0,64</td><td>0,31</td><td>0,95</td></tr>
<tr><td>Region Syddanmark</td><td>0,88</td><td>0,73</td><td>1,61</td></tr>
<tr><td>Region Midtjylland</td><td>0,87</td><td>0,56</td><td>1,43</td></tr>
<tr><td>Region Nordjylland</td><td>0,44</td><td>0,16</td><td>0,60</td></tr>
</tbody>
</table>
<h2>Åbne spørgsmål</h2>
<ul>
<li>Skal Region Nordjylland betale den variable andel, før regionen er tilsluttet i 2028?</li>
<li>Skal analyser udført for forskningsprojekter tælle med i den variable andel?</li>
</ul>
<p><strong>Til sekretariatet:</strong> Tallene for antal analyser skal kvalitetssikres med Region Syddanmark inden udsendelse.</p>""",
            ),
        ],
    ),
]
