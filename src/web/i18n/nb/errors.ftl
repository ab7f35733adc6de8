## Error pages and the messages of refused requests.

error-go-home = Gå til forsiden
error-forbidden-title = Du har ikke tilgang
error-who-may = Dette kan { $roles } gjøre.
error-holders = Hos { $org } har disse en av rollene: { $names }.
error-no-holders = Ingen hos { $org } har en av rollene nå.
error-not-found-title = Fant ikke siden
error-not-found = Siden finnes ikke, eller du har ikke tilgang til den for virksomheten du representerer.
error-bad-request-title = Noe var galt med forespørselen
error-too-many-title = For mange forsøk
error-too-many = Det har vært for mange innloggingsforsøk på kort tid. Vent et minutt og prøv igjen.
error-conflict-title = Ingen endringer er gjort
error-gone = Det du ba om finnes ikke, eller er allerede fjernet.
error-unavailable-title = Tjenesten er midlertidig utilgjengelig
error-unavailable = Tjenesten er midlertidig utilgjengelig. Ingenting er endret – prøv igjen om litt.
error-internal-title = Noe gikk galt hos oss
error-internal = Ingen endringer er gjort. Prøv igjen om litt.
error-csrf = Skjemaet er for gammelt eller kom ikke fra portalen. Last siden på nytt og prøv igjen.
error-cross-site = Forespørselen kom fra et annet nettsted og ble avvist. Gå til portalen og prøv igjen.
error-bad-parameter = Adressen har en ugyldig parameter ({ $error }).
error-form-unreadable = Skjemaet kunne ikke leses.
error-form-too-large = Skjemaet er for stort.
error-form = Skjemaet kunne ikke leses. Last siden på nytt og prøv igjen.
forbidden-system-users = Bare daglig leder, hovedadministrator eller tilgangsstyrer kan opprette, godkjenne og slette systemtilganger.
forbidden-no-role = Du har ikke en rolle som gir tilgang til dette for virksomheten du representerer.
error-unstorable-text = Teksten inneholder et tegn som ikke kan brukes (et nulltegn, NUL). Fjern det og prøv igjen.
