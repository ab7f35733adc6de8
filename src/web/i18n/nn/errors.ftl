## Error pages and the messages of refused requests.

error-go-home = Gå til framsida
error-forbidden-title = Du har ikkje tilgang
error-who-may = Dette kan { $roles } gjere.
error-holders = Hos { $org } har desse ei av rollene: { $names }.
error-no-holders = Ingen hos { $org } har nokon av rollene no.
error-not-found-title = Fann ikkje sida
error-not-found = Sida finst ikkje, eller du har ikkje tilgang til ho for verksemda du representerer.
error-bad-request-title = Noko var gale med førespurnaden
error-too-many-title = For mange forsøk
error-too-many = Det har vore for mange innloggingsforsøk på kort tid. Vent eit minutt og prøv igjen.
error-conflict-title = Ingen endringar er gjorde
error-gone = Det du bad om, finst ikkje, eller er alt fjerna.
error-unavailable-title = Tenesta er mellombels utilgjengeleg
error-unavailable = Tenesta er mellombels utilgjengeleg. Ingenting er endra – prøv igjen om litt.
error-internal-title = Noko gjekk gale hos oss
error-internal = Ingen endringar er gjorde. Prøv igjen om litt.
error-csrf = Skjemaet er for gammalt eller kom ikkje frå portalen. Last sida på nytt og prøv igjen.
error-cross-site = Førespurnaden kom frå ein annan nettstad og vart avvist. Gå til portalen og prøv igjen.
error-bad-parameter = Adressa har ein ugyldig parameter ({ $error }).
error-form-unreadable = Skjemaet kunne ikkje lesast.
error-form-too-large = Skjemaet er for stort.
error-form = Skjemaet kunne ikkje lesast. Last sida på nytt og prøv igjen.
forbidden-system-users = Berre dagleg leiar, hovudadministrator eller tilgangsstyrar kan opprette, godkjenne og slette systemtilgangar.
forbidden-no-role = Du har ikkje ei rolle som gir tilgang til dette for verksemda du representerer.
error-unstorable-text = Teksten inneheld eit teikn som ikkje kan brukast (eit nullteikn, NUL). Fjern det og prøv igjen.
