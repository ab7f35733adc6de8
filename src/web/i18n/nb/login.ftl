## Logging in, choosing whom to represent, and the login with ID-porten.

national-id = Fødselsnummer
login-title = Logg inn
login-idporten-intro = Du logger inn med ID-porten: MinID, BankID, Buypass eller Commfides.
login-idporten = Logg inn med ID-porten
login-test-title = Testinnlogging
login-test-lead = Testinnlogging.
login-test-intro = Denne innloggingen er bare for test og demo: du logger inn med fødselsnummeret til en testperson, uten passord.
login-fix-first = Du må rette dette før du kan logge inn
login-national-id-help = 11 sifre, for eksempel 038280 40110
login-submit = Logg inn
login-unknown-person = Fant ingen testperson med dette fødselsnummeret.
login-failed-code = Feilkode fra ID-porten:
login-failed-back = Til innloggingen
party-title = Hvem vil du representere?
party-none = Du har ingen roller som gir deg rett til å representere en virksomhet her. Be daglig leder eller hovedadministrator i virksomheten om å gi deg en rolle.
party-not-allowed = Du har ingen rolle som gir deg rett til å representere denne virksomheten.

oidc-none-started = Vi fant ingen påbegynt innlogging i denne nettleseren. Den kan allerede være fullført, eller startet i en annen fane eller nettleser. Start innloggingen på nytt.
oidc-wrong-state = Svaret fra ID-porten hørte ikke til innloggingen du startet her, og ble avvist. Start innloggingen på nytt.
oidc-too-old = Innloggingen tok for lang tid (mer enn 10 minutter). Start innloggingen på nytt.
oidc-cancelled = Innloggingen ble avbrutt i ID-porten. Du er ikke logget inn.
oidc-provider-error = ID-porten kunne ikke fullføre innloggingen. Du er ikke logget inn. Prøv igjen.
oidc-no-code = Svaret fra ID-porten manglet innloggingskoden. Start innloggingen på nytt.
oidc-unavailable = ID-porten svarer ikke akkurat nå, så vi kan ikke logge deg inn. Prøv igjen om litt.
oidc-code-refused = ID-porten godtok ikke innloggingen. Den kan være brukt allerede eller være for gammel. Start innloggingen på nytt.
oidc-id-token = Vi kunne ikke bekrefte innloggingen fra ID-porten, og du er ikke logget inn. Start innloggingen på nytt.
oidc-level-too-low = Innloggingen hadde for lavt sikkerhetsnivå for denne tjenesten. Logg inn med en elektronisk ID på nivå betydelig eller høyt (MinID, BankID, Buypass eller Commfides).
oidc-unknown-person = Du er logget inn i ID-porten, men fødselsnummeret ditt er ikke registrert i Klientdelegering. Be daglig leder eller hovedadministrator i virksomheten din om å gi deg en rolle.
oidc-title-unavailable = ID-porten er ikke tilgjengelig
oidc-title-cancelled = Innloggingen ble avbrutt
oidc-title-unknown-person = Du har ikke tilgang til Klientdelegering
oidc-title-failed = Innloggingen mislyktes
