## Systemtilganger: the overview, a system access and removing a client from it.

breadcrumbs = Brødsmulesti
create-system-access = Opprett systemtilgang
delete-system-access = Slett systemtilgang
add-clients = Legg til kunder
add-or-remove-clients = Legg til eller fjern kunder
remove = Fjern
cause = Årsak
org-number-lower = org.nr.
by-person = av { $person }
system-from-vendor = { $system } fra { $vendor }
client-count = { $count ->
    [one] 1 kunde
   *[other] { $count } kunder
}
overview-title = Systemtilganger
overview-lead = Systemtilganger gir programvare tilgang til å handle på vegne av virksomheten, eller på vegne av kundene deres.
overview-requests = Forespørsler som venter på svar
overview-requests-who = Daglig leder, hovedadministrator eller en tilgangsstyrer kan godkjenne eller avvise forespørslene. Send en forespørsel til dem, så ser de den først.
overview-request-meta = Fra { $vendor } · { $kind } · utløper { $date }
overview-request-asks = Ber om:
overview-change-title = Endring av «{ $access }»
overview-change-meta = Fra { $vendor } · { $system } · utløper { $date }
overview-agents = Systemtilganger for kunder
overview-no-agents = Virksomheten har ingen systemtilganger for kunder.
overview-own = Systemtilganger for egen virksomhet
overview-no-own = Virksomheten har ingen systemtilganger for eget system.
detail-clients = Kunder ({ $count })
detail-clients-matching = Kunder ({ $shown } av { $count })
detail-read-only = Kun klientadministratorer kan administrere klienter.
detail-ended-one = { $client } ble fjernet automatisk { $date }: { $cause }
detail-ended-many = { $count } kunder er fjernet automatisk de siste { $days } dagene, sist { $client } { $date }.
detail-see-ended = Se kunder som er fjernet automatisk
detail-search = Søk blant kundene
detail-no-clients = Ingen kunder er lagt til ennå.
detail-no-match = Ingen kunder passer med «{ $query }».
detail-clients-caption = Kunder som systemtilgangen kan handle for
detail-added = Lagt til
detail-remove-label = Fjern { $client }
detail-pages = Sider med kunder
detail-ended-title = Kunder som er fjernet automatisk
detail-ended-showing = Viser de { $shown } siste av { $count } de siste { $days } dagene.
detail-ended-explained = Når en kunde trekker tilbake en fullmakt eller en tilgangspakke, eller en rolle forsvinner fra Enhetsregisteret, fjernes kunden fra systemtilgangen hvis dere ikke lenger har alle tilgangspakkene den krever.
detail-ended-caption = Kunder som er fjernet automatisk, med dato og årsak
detail-removed = Fjernet
detail-own-system = Dette er en systemtilgang for virksomhetens eget system. Den handler bare for { $name } sin eier, og har ingen kunder.
remove-client-title = Fjerne { $client }?
remove-client-body = { $system } vil ikke lenger kunne handle på vegne av { $client }
remove-client-again = Du kan legge kunden til igjen senere.
remove-client = Fjern kunden
client-removed = { $client } er fjernet fra systemtilgangen.
remove-selected = Fjern valgte
remove-all = { $count ->
    [one] Fjern den ene kunden
   *[other] Fjern alle { $count } kunder
}
select-page = Velg alle kundene på siden
select-client = Velg { $client }
remove-hits = { $count ->
    [one] Fjern treffet
   *[other] Fjern de { $count } treffene
}
remove-many-hits-body = { $count ->
    [one] Systemtilgangen { $system } mister tilgangen til å handle på vegne av kunden som treffer «{ $query }»:
   *[other] Systemtilgangen { $system } mister tilgangen til å handle på vegne av de { $count } kundene som treffer «{ $query }»:
}
remove-many-more = og { $count } til
remove-many-hits-changed = Søket treffer { $now } kunder nå, ikke { $seen }. Ingen er fjernet; se over listen og prøv igjen.
remove-many-nothing = Du har ikke valgt noen kunder. Kryss av for kundene du vil fjerne.
remove-many-title = { $count ->
    [one] Fjerne 1 kunde fra { $system }?
   *[other] Fjerne { $count } kunder fra { $system }?
}
remove-many-body = { $count ->
    [one] Systemtilgangen { $system } mister tilgangen til å handle på vegne av denne kunden:
   *[other] Systemtilgangen { $system } mister tilgangen til å handle på vegne av disse { $count } kundene:
}
remove-many-all-body = { $count ->
    [one] Systemtilgangen { $system } mister tilgangen til å handle på vegne av sin ene kunde.
   *[other] Systemtilgangen { $system } mister tilgangen til å handle på vegne av alle sine { $count } kunder.
}
remove-many-confirm = { $count ->
    [one] Fjern kunden
   *[other] Fjern { $count } kunder
}
remove-many-busy = { $count ->
    [one] Fjerner kunden …
   *[other] Fjerner { $count } kunder …
}
remove-many-already-gone = Kundene var allerede fjernet. Ingen endringer er gjort.
remove-many-changed = Systemtilgangen har { $now } kunder nå, ikke { $seen }. Ingen er fjernet; se over listen og prøv igjen.
remove-many-again = { $count ->
    [one] Du kan legge kunden til igjen senere.
   *[other] Du kan legge dem til igjen senere.
}
auto-add-title = Legge til nye kunder automatisk i { $access }?
auto-add-explained = Når en kunde gir fullmakt med tilgangspakkene { $access } trenger, godtar en forespørsel om fullmakt, eller virksomheten blir registrert som regnskapsfører eller revisor for kunden i Enhetsregisteret, legges kunden til her med en gang. Historikken viser hver kunde som legges til, og hvorfor.
auto-add-none-now = Ingen kunder kan legges til akkurat nå.
auto-add-also-now = { $count ->
    [one] Legg også til den ene kunden som kan legges til nå
   *[other] Legg også til de { $count } kundene som kan legges til nå
}
auto-add-turn-on = Slå på
auto-add-on = Nye kunder legges til automatisk
auto-add-on-explained = Kunder som gir virksomheten alle tilgangspakkene systemtilgangen trenger, legges til her av seg selv.
auto-add-off-explained = Nye kunder legges ikke til av seg selv.
auto-add-button-on = Legg til nye kunder automatisk
auto-add-button-off = Slå av automatisk tillegg
auto-add-on-now = Nye kunder legges nå til automatisk i { $access }.
auto-add-off-now = Nye kunder legges ikke lenger til automatisk i { $access }.
detail-added-automatically = automatisk
own-on = Virksomheten din er lagt til
own-explained = Systemtilgangen kan også handle for virksomheten din selv, med de samme tilgangspakkene.
own-button-on = Legg til din virksomhet
own-button-off = Fjern din virksomhet
own-added = { $firm } er lagt til i { $access }.
own-removed = { $firm } er fjernet fra { $access }.
own-already = { $firm } var allerede lagt til i { $access }.
own-not-there = { $firm } var ikke lagt til i { $access }.
