## The frame around every page: top bar, menu, language switch, paging.

skip-to-content = Hopp til hovedinnhold
meta-description = Klientdelegering: gi systemene til regnskapsføreren og revisoren tilgang til å handle for kundene, og se hvem som gjorde hva.
meta-description-login = Logg inn for å styre hvilke systemer som kan handle for kundene dine, og se hvem som gjorde hva.
meta-description-overview = Systemtilganger: systemene virksomheten har gitt tilgang, og kundene hvert av dem kan handle for.
meta-description-clients = Klienter: organisasjonene virksomheten kan handle for, med fullmakt eller rolle i Enhetsregisteret.
meta-description-fullmakt = Fullmakter: hvem virksomheten har gitt fullmakt, og med hvilke tilgangspakker.
meta-description-roles = Roller: hvem i virksomheten som er klientadministrator eller tilgangsstyrer.
meta-description-history = Historikk: hvem som gjorde hva med systemtilganger, kunder og fullmakter, og når.
nav-main = Hovedmeny
nav-system-access = Systemtilganger
nav-clients = Klienter
nav-fullmakt = Fullmakter
nav-roles = Roller
nav-history = Historikk
topbar-acting-for = for { $party }
topbar-switch-party = Bytt aktør
topbar-log-out = Logg ut
language-switch = Språk
pager-previous = Forrige
pager-next = Neste
pager-page = Side { $page }
cancel = Avbryt
search = Søk
org-number-short = Org.nr.
org-number = Organisasjonsnummer
search-placeholder-name-or-number = Navn eller organisasjonsnummer
none = Ingen
system = System
vendor = Leverandør
kind = Type
access-packages = Tilgangspakker
access-package = Tilgangspakke
about-system = Om systemet
actions = Handlinger
client = Kunde
api-docs-title = API-dokumentasjon

# What a button says while its action runs (app.js shows it from the click until the answer).
busy = Et øyeblikk …
busy-removing-client = Fjerner kunden …
busy-deleting = Sletter systemtilgangen …
busy-revoking = Fjerner rollen …
busy-withdrawing = Trekker tilbake …
busy-creating = Oppretter systemtilgangen …
busy-granting-fullmakt = Gir fullmakt …
busy-approving = Godkjenner …
busy-escalating = Sender …
busy-rejecting = Avviser …
busy-granting-role = Gir rollen …
# When a request from the page fails (app.js shows it).
fetch-failed = Noe gikk galt. Prøv igjen.
fetch-offline = Fikk ikke kontakt med tjenesten. Sjekk nettforbindelsen og prøv igjen.
