## The frame around every page: top bar, menu, language switch, paging.

skip-to-content = Hopp til hovudinnhaldet
meta-description = Klientdelegering: gje systema til rekneskapsføraren og revisoren tilgang til å handle for kundane, og sjå kven som gjorde kva.
meta-description-login = Logg inn for å styre kva system som kan handle for kundane dine, og sjå kven som gjorde kva.
meta-description-overview = Systemtilgangar: systema verksemda har gitt tilgang, og kundane kvart av dei kan handle for.
meta-description-clients = Klientar: organisasjonane verksemda kan handle for, med fullmakt eller rolle i Einingsregisteret.
meta-description-fullmakt = Fullmakter: kven verksemda har gitt fullmakt, og med kva tilgangspakkar.
meta-description-roles = Roller: kven i verksemda som er klientadministrator eller tilgangsstyrar.
meta-description-history = Historikk: kven som gjorde kva med systemtilgangar, kundar og fullmakter, og når.
nav-main = Hovudmeny
nav-system-access = Systemtilgangar
nav-clients = Klientar
nav-fullmakt = Fullmakter
nav-roles = Roller
nav-history = Historikk
topbar-acting-for = for { $party }
topbar-switch-party = Byt aktør
topbar-log-out = Logg ut
language-switch = Språk
pager-previous = Førre
pager-next = Neste
pager-page = Side { $page }
cancel = Avbryt
search = Søk
org-number-short = Org.nr.
org-number = Organisasjonsnummer
search-placeholder-name-or-number = Namn eller organisasjonsnummer
none = Ingen
system = System
vendor = Leverandør
kind = Type
access-packages = Tilgangspakkar
access-package = Tilgangspakke
about-system = Om systemet
actions = Handlingar
client = Kunde
api-docs-title = API-dokumentasjon

# What a button says while its action runs (app.js shows it from the click until the answer).
busy = Eit augneblink …
busy-removing-client = Fjernar kunden …
busy-deleting = Slettar systemtilgangen …
busy-revoking = Fjernar rolla …
busy-withdrawing = Trekkjer tilbake …
busy-creating = Opprettar systemtilgangen …
busy-granting-fullmakt = Gir fullmakt …
busy-approving = Godkjenner …
busy-escalating = Sender …
busy-rejecting = Avviser …
busy-granting-role = Gir rolla …
# When a request from the page fails (app.js shows it).
fetch-failed = Noko gjekk gale. Prøv igjen.
fetch-offline = Fekk ikkje kontakt med tenesta. Sjekk nettsambandet og prøv igjen.
