## Historikk: the audit events, the filter and the CSV export.

history-lead = Hva som er gjort for { $party }, av hvem og når, nyeste først: kunder, fullmakter, roller og systemtilganger. Du ser også det andre virksomheter har gjort som angår dere, for eksempel når en klient trekker tilbake en fullmakt.
history-filter = Filtrer historikken
history-fix-first = Du må rette dette før filteret kan brukes
history-client-help = Navn eller org.nr.
history-also-deleted = Også slettede
history-all-system-access = Alle systemtilganger
history-from = Fra dato
history-to = Til og med dato
history-date-pattern = dd.mm.åååå
history-show = Vis hendelser
history-reset = Nullstill filteret
history-count = { $count ->
    [one] 1 hendelse
   *[other] { $count } hendelser
}
history-count-more = Over { $count } hendelser
history-more-hint = Sidene viser de { $count } nyeste. Velg en periode for å se eldre hendelser, eller last ned alle som CSV.
history-matching = passer med filteret
history-download = Last ned som CSV
history-none-matching = Ingen hendelser passer med filteret. Prøv en annen kunde, systemtilgang eller periode.
history-none = Ingen hendelser ennå. Her kommer alt som blir gjort for virksomheten, og det andre gjør som angår den.
history-caption = Hendelser, nyeste først
history-when = Tidspunkt
history-who = Utført av
history-what = Hendelse
history-cause = Årsak: { $cause }
history-pages = Sider med hendelser
history-deleted = slettet
history-date-format = Skriv datoen som dd.mm.åååå, for eksempel 24.11.2026.
history-date-year = Året må være mellom 1900 og 2999.
history-date-missing = Datoen { $date } finnes ikke.
history-choose-system-access = Velg en systemtilgang fra listen.
history-to-before-from = Til-datoen kan ikke være før fra-datoen.
history-unknown-actor = Ukjent
history-deleted-system-access = Slettet systemtilgang
history-unnamed-system-access = Systemtilgang uten navn
history-a-client = en kunde
history-an-organization = en virksomhet
history-a-deleted-system-access = en slettet systemtilgang
history-a-system = et system
history-a-person = en person
history-a-role = en rolle
history-the-vendor = leverandøren
history-packages = { $count ->
    [one] tilgangspakken { $names }
   *[other] tilgangspakkene { $names }
}
history-with-packages = { $sentence } med { $packages }
event-client-added = La til { $client } i { $access }
event-client-removed = Fjernet { $client } fra { $access }
event-cause-system-user-deleted = Systemtilgangen ble slettet.
event-missing-now = Mangler nå { $packages }.
event-client-ended = Fjernet automatisk: { $client } fra { $access }
event-fullmakt-given = Ga fullmakt til { $firm }
event-packages-delegated = Ga { $firm } { $packages } under fullmakten
event-more-packages-delegated = Ga { $firm } flere tilgangspakker under fullmakten
event-package-withdrawn = Trakk tilbake { $packages } fra { $firm }
event-a-package-withdrawn = Trakk tilbake en tilgangspakke fra { $firm }
event-fullmakt-withdrawn = Trakk tilbake fullmakten til { $firm }
event-fullmakt-request-created = Ba { $client } om fullmakt
event-fullmakt-request-for-access = Og om å legge kunden til i { $access }.
event-fullmakt-request-accepted = Godtok forespørselen fra { $firm } om fullmakt
event-fullmakt-request-declined = Avslo forespørselen fra { $firm } om fullmakt
event-fullmakt-request-withdrawn = Trakk tilbake forespørselen til { $client } om fullmakt
event-fullmakt-request-expired = Forespørselen fra { $firm } til { $client } om fullmakt gikk ut
event-added-automatically = Lagt til automatisk.
event-added-automatically-fullmakt = Lagt til automatisk: { $client } ga fullmakt.
event-added-automatically-role = Lagt til automatisk: { $firm } ble registrert som { $role } for { $client }.
event-added-automatically-changed = Lagt til automatisk: { $access } trenger færre tilgangspakker etter en endring leverandøren ba om.
event-auto-add-on = Slo på at nye kunder legges til automatisk i { $access }
event-auto-add-off = Slo av at nye kunder legges til automatisk i { $access }
event-role-granted = Ga { $person } rollen { $role }
event-role-revoked = Tok rollen { $role } fra { $person }
event-register-role-added = Registrerte { $firm } som { $role } for { $client }
event-register-role-removed = Fjernet { $firm } som { $role } for { $client }
event-system-registered = Registrerte systemet { $name } ({ $id })
event-system-updated = Oppdaterte systemet { $name } ({ $id })
event-system-deleted = Slettet systemet { $name } ({ $id }) fra systemregisteret
event-system-user-created = Opprettet systemtilgangen { $access } for { $system }
event-system-user-deleted = { $count ->
    [0] Slettet systemtilgangen { $name }
    [one] Slettet systemtilgangen { $name } og fjernet 1 kunde fra den
   *[other] Slettet systemtilgangen { $name } og fjernet { $count } kunder fra den
}
event-request-created = Ba om en systemtilgang til { $system }
event-request-created-for = Ba om en systemtilgang til { $system } hos { $customer }
event-agent-request-created = Ba om en systemtilgang for klienter til { $system }
event-agent-request-created-for = Ba om en systemtilgang for klienter til { $system } hos { $customer }
event-request-accepted = Godkjente forespørselen fra { $vendor } om systemtilgang til { $system }
event-request-accepted-created = Godkjente forespørselen fra { $vendor } om systemtilgang til { $system } og opprettet systemtilgangen { $access }
event-request-rejected = Avviste forespørselen fra { $vendor } om systemtilgang til { $system }
event-request-timed-out = Forespørselen om systemtilgang til { $system } utløp uten svar
event-change-request-created = { $vendor } ba om å endre systemtilgangen { $access }
event-change-request-accepted = Godkjente endringen { $vendor } ba om av systemtilgangen { $access }
event-change-request-rejected = Avviste endringen { $vendor } ba om av systemtilgangen { $access }
event-change-request-deleted = { $vendor } trakk tilbake forespørselen om å endre systemtilgangen { $access }
event-change-request-timed-out = Forespørselen om å endre systemtilgangen { $access } utløp uten svar
event-change-request-escalated = Sendte forespørselen fra { $vendor } om å endre systemtilgangen { $access } til tilgangsstyrer
event-request-escalated = Sendte forespørselen fra { $vendor } om systemtilgang til { $system } til tilgangsstyrer
event-request-withdrawn = { $vendor } trakk tilbake forespørselen om systemtilgang til { $system }
event-request-deleted = { $vendor } slettet den besvarte forespørselen om systemtilgang til { $system }
event-cause-no-answer = Ingen svarte før fristen.
event-unknown = Hendelse { $action }
csv-when = tidspunkt
csv-action = handling
csv-description = beskrivelse
csv-actor = utført av
csv-on-behalf-of = på vegne av
csv-client = kunde
csv-client-name = kunde navn
csv-system-access = systemtilgang
csv-cause = årsak
event-organization-added = La til { $name } fra Enhetsregisteret i portalen
actor-register = Enhetsregisteret
actor-command-line = Kommandolinjen
actor-automatic = Klientdelegering (automatisk)
actor-vendor-api = { $vendor } (leverandør-API)
