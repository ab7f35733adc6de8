## Logging in, choosing whom to represent, and the login with ID-porten.

national-id = Fødselsnummer
login-title = Logg inn
login-idporten-intro = Du loggar inn med ID-porten: MinID, BankID, Buypass eller Commfides.
login-idporten = Logg inn med ID-porten
login-test-title = Testinnlogging
login-test-lead = Testinnlogging.
login-test-intro = Denne innlogginga er berre for test og demo: du loggar inn med fødselsnummeret til ein testperson, utan passord.
login-fix-first = Du må rette dette før du kan logge inn
login-national-id-help = 11 siffer, til dømes 038280 40110
login-submit = Logg inn
login-unknown-person = Fann ingen testperson med dette fødselsnummeret.
login-failed-code = Feilkode frå ID-porten:
login-failed-back = Til innlogginga
party-title = Kven vil du representere?
party-none = Du har ingen roller som gir deg rett til å representere ei verksemd her. Be dagleg leiar eller hovudadministrator i verksemda om å gi deg ei rolle.
party-not-allowed = Du har inga rolle som gir deg rett til å representere denne verksemda.

oidc-none-started = Vi fann inga påbyrja innlogging i denne nettlesaren. Ho kan alt vere fullført, eller starta i ei anna fane eller ein annan nettlesar. Start innlogginga på nytt.
oidc-wrong-state = Svaret frå ID-porten høyrde ikkje til innlogginga du starta her, og vart avvist. Start innlogginga på nytt.
oidc-too-old = Innlogginga tok for lang tid (meir enn 10 minutt). Start innlogginga på nytt.
oidc-cancelled = Innlogginga vart avbroten i ID-porten. Du er ikkje logga inn.
oidc-provider-error = ID-porten kunne ikkje fullføre innlogginga. Du er ikkje logga inn. Prøv igjen.
oidc-no-code = Svaret frå ID-porten mangla innloggingskoden. Start innlogginga på nytt.
oidc-unavailable = ID-porten svarar ikkje akkurat no, så vi kan ikkje logge deg inn. Prøv igjen om litt.
oidc-code-refused = ID-porten godtok ikkje innlogginga. Ho kan vere brukt alt eller vere for gammal. Start innlogginga på nytt.
oidc-id-token = Vi kunne ikkje stadfeste innlogginga frå ID-porten, og du er ikkje logga inn. Start innlogginga på nytt.
oidc-level-too-low = Innlogginga hadde for lågt tryggingsnivå for denne tenesta. Logg inn med ein elektronisk ID på nivå betydeleg eller høgt (MinID, BankID, Buypass eller Commfides).
oidc-unknown-person = Du er logga inn i ID-porten, men fødselsnummeret ditt er ikkje registrert i Klientdelegering. Be dagleg leiar eller hovudadministrator i verksemda di om å gi deg ei rolle.
oidc-title-unavailable = ID-porten er ikkje tilgjengeleg
oidc-title-cancelled = Innlogginga vart avbroten
oidc-title-unknown-person = Du har ikkje tilgang til Klientdelegering
oidc-title-failed = Innlogginga mislukkast
