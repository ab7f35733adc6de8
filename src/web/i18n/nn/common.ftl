## The frame around every page: top bar, menu, language switch, paging.

skip-to-content = Hopp til hovudinnhaldet
meta-description = Klientdelegering: gje systema til rekneskapsføraren og revisoren tilgang til å handle for kundane, og sjå kven som gjorde kva.
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
busy-rejecting = Avviser …
busy-granting-role = Gir rolla …
# When a request from the page fails (app.js shows it).
fetch-failed = Noko gjekk gale. Prøv igjen.
fetch-offline = Fekk ikkje kontakt med tenesta. Sjekk nettsambandet og prøv igjen.
