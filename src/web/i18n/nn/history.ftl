## Historikk: the audit events, the filter and the CSV export.

history-lead = Kva som er gjort for { $party }, av kven og når, nyaste først: kundar, fullmakter, roller og systemtilgangar. Du ser også det andre verksemder har gjort som gjeld dykk, til dømes når ein klient trekkjer tilbake ei fullmakt.
history-filter = Filtrer historikken
history-fix-first = Du må rette dette før filteret kan brukast
history-client-help = Namn eller org.nr.
history-also-deleted = Også sletta
history-all-system-access = Alle systemtilgangar
history-from = Frå dato
history-to = Til og med dato
history-date-pattern = dd.mm.åååå
history-show = Vis hendingar
history-reset = Nullstill filteret
history-count = { $count ->
    [one] 1 hending
   *[other] { $count } hendingar
}
history-count-more = Over { $count } hendingar
history-more-hint = Sidene viser dei { $count } nyaste. Vel ein periode for å sjå eldre hendingar, eller last ned alle som CSV.
history-matching = passar med filteret
history-download = Last ned som CSV
history-none-matching = Ingen hendingar passar med filteret. Prøv ein annan kunde, systemtilgang eller periode.
history-none = Ingen hendingar enno. Her kjem alt som blir gjort for verksemda, og det andre gjer som gjeld henne.
history-caption = Hendingar, nyaste først
history-when = Tidspunkt
history-who = Utført av
history-what = Hending
history-cause = Årsak: { $cause }
history-pages = Sider med hendingar
history-deleted = sletta
history-date-format = Skriv datoen som dd.mm.åååå, til dømes 24.11.2026.
history-date-year = Året må vere mellom 1900 og 2999.
history-date-missing = Datoen { $date } finst ikkje.
history-choose-system-access = Vel ein systemtilgang frå lista.
history-to-before-from = Til-datoen kan ikkje vere før frå-datoen.
history-unknown-actor = Ukjend
history-deleted-system-access = Sletta systemtilgang
history-unnamed-system-access = Systemtilgang utan namn
history-a-client = ein kunde
history-an-organization = ei verksemd
history-a-deleted-system-access = ein sletta systemtilgang
history-a-system = eit system
history-a-person = ein person
history-a-role = ei rolle
history-the-vendor = leverandøren
history-packages = { $count ->
    [one] tilgangspakken { $names }
   *[other] tilgangspakkane { $names }
}
history-with-packages = { $sentence } med { $packages }
event-client-added = La til { $client } i { $access }
event-client-removed = Fjerna { $client } frå { $access }
event-cause-system-user-deleted = Systemtilgangen vart sletta.
event-missing-now = Manglar no { $packages }.
event-client-ended = Fjerna automatisk: { $client } frå { $access }
event-fullmakt-given = Gav fullmakt til { $firm }
event-packages-delegated = Gav { $firm } { $packages } under fullmakta
event-more-packages-delegated = Gav { $firm } fleire tilgangspakkar under fullmakta
event-package-withdrawn = Trekte tilbake { $packages } frå { $firm }
event-a-package-withdrawn = Trekte tilbake ein tilgangspakke frå { $firm }
event-fullmakt-withdrawn = Trekte tilbake fullmakta til { $firm }
event-fullmakt-request-created = Bad { $client } om fullmakt
event-fullmakt-request-for-access = Og om å leggje kunden til i { $access }.
event-fullmakt-request-accepted = Godtok førespurnaden frå { $firm } om fullmakt
event-fullmakt-request-declined = Avslo førespurnaden frå { $firm } om fullmakt
event-fullmakt-request-withdrawn = Trekte tilbake førespurnaden til { $client } om fullmakt
event-fullmakt-request-expired = Førespurnaden frå { $firm } til { $client } om fullmakt gjekk ut
event-added-automatically = Lagd til automatisk.
event-added-automatically-fullmakt = Lagd til automatisk: { $client } gav fullmakt.
event-added-automatically-role = Lagd til automatisk: { $firm } vart registrert som { $role } for { $client }.
event-added-automatically-changed = Lagd til automatisk: { $access } treng færre tilgangspakkar etter ei endring leverandøren bad om.
event-auto-add-on = Slo på at nye kundar blir lagde til automatisk i { $access }
event-auto-add-off = Slo av at nye kundar blir lagde til automatisk i { $access }
event-role-granted = Gav { $person } rolla { $role }
event-role-revoked = Tok rolla { $role } frå { $person }
event-register-role-added = Registrerte { $firm } som { $role } for { $client }
event-register-role-removed = Fjerna { $firm } som { $role } for { $client }
event-system-registered = Registrerte systemet { $name } ({ $id })
event-system-updated = Oppdaterte systemet { $name } ({ $id })
event-system-deleted = Sletta systemet { $name } ({ $id }) frå systemregisteret
event-system-user-created = Oppretta systemtilgangen { $access } for { $system }
event-system-user-deleted = { $count ->
    [0] Sletta systemtilgangen { $name }
    [one] Sletta systemtilgangen { $name } og fjerna 1 kunde frå han
   *[other] Sletta systemtilgangen { $name } og fjerna { $count } kundar frå han
}
event-request-created = Bad om ein systemtilgang til { $system }
event-request-created-for = Bad om ein systemtilgang til { $system } hos { $customer }
event-agent-request-created = Bad om ein systemtilgang for klientar til { $system }
event-agent-request-created-for = Bad om ein systemtilgang for klientar til { $system } hos { $customer }
event-request-accepted = Godkjende førespurnaden frå { $vendor } om systemtilgang til { $system }
event-request-accepted-created = Godkjende førespurnaden frå { $vendor } om systemtilgang til { $system } og oppretta systemtilgangen { $access }
event-request-rejected = Avviste førespurnaden frå { $vendor } om systemtilgang til { $system }
event-request-timed-out = Førespurnaden om systemtilgang til { $system } gjekk ut utan svar
event-change-request-created = { $vendor } bad om å endre systemtilgangen { $access }
event-change-request-accepted = Godkjende endringa { $vendor } bad om av systemtilgangen { $access }
event-change-request-rejected = Avviste endringa { $vendor } bad om av systemtilgangen { $access }
event-change-request-deleted = { $vendor } trekte tilbake førespurnaden om å endre systemtilgangen { $access }
event-change-request-timed-out = Førespurnaden om å endre systemtilgangen { $access } gjekk ut utan svar
event-change-request-escalated = Sende førespurnaden frå { $vendor } om å endre systemtilgangen { $access } til tilgangsstyrar
event-request-escalated = Sende førespurnaden frå { $vendor } om systemtilgang til { $system } til tilgangsstyrar
event-request-withdrawn = { $vendor } trekte tilbake førespurnaden om systemtilgang til { $system }
event-request-deleted = { $vendor } sletta den svarte førespurnaden om systemtilgang til { $system }
event-cause-no-answer = Ingen svarte før fristen.
event-unknown = Hending { $action }
csv-when = tidspunkt
csv-action = handling
csv-description = skildring
csv-actor = utført av
csv-on-behalf-of = på vegner av
csv-client = kunde
csv-client-name = kundenamn
csv-system-access = systemtilgang
csv-cause = årsak
event-organization-added = La til { $name } frå Einingsregisteret i portalen
actor-register = Einingsregisteret
actor-command-line = Kommandolinja
actor-automatic = Klientdelegering (automatisk)
actor-vendor-api = { $vendor } (leverandør-API)
