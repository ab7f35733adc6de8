## Systemtilgangar: the overview, a system access and removing a client from it.

breadcrumbs = Brødsmulesti
create-system-access = Opprett systemtilgang
delete-system-access = Slett systemtilgang
add-clients = Legg til kundar
add-or-remove-clients = Legg til eller fjern kundar
remove = Fjern
cause = Årsak
org-number-lower = org.nr.
by-person = av { $person }
system-from-vendor = { $system } frå { $vendor }
client-count = { $count ->
    [one] 1 kunde
   *[other] { $count } kundar
}
overview-title = Systemtilgangar
overview-lead = Systemtilgangar gir programvare tilgang til å handle på vegner av verksemda, eller på vegner av kundane dykkar.
overview-requests = Førespurnader som ventar på svar
overview-requests-who = Dagleg leiar, hovudadministrator eller ein tilgangsstyrar kan godkjenne eller avvise førespurnadene. Send ein førespurnad til dei, så ser dei han først.
overview-request-meta = Frå { $vendor } · { $kind } · går ut { $date }
overview-request-asks = Ber om:
overview-change-title = Endring av «{ $access }»
overview-change-meta = Frå { $vendor } · { $system } · går ut { $date }
overview-agents = Systemtilgangar for kundar
overview-no-agents = Verksemda har ingen systemtilgangar for kundar.
overview-own = Systemtilgangar for eiga verksemd
overview-no-own = Verksemda har ingen systemtilgangar for eige system.
detail-clients = Kundar ({ $count })
detail-clients-matching = Kundar ({ $shown } av { $count })
detail-read-only = Berre klientadministratorar kan administrere klientar.
detail-ended-one = { $client } vart fjerna automatisk { $date }: { $cause }
detail-ended-many = { $count } kundar er fjerna automatisk dei siste { $days } dagane, sist { $client } { $date }.
detail-see-ended = Sjå kundar som er fjerna automatisk
detail-search = Søk blant kundane
detail-no-clients = Ingen kundar er lagde til enno.
detail-no-match = Ingen kundar passar med «{ $query }».
detail-clients-caption = Kundar som systemtilgangen kan handle for
detail-added = Lagd til
detail-remove-label = Fjern { $client }
detail-pages = Sider med kundar
detail-ended-title = Kundar som er fjerna automatisk
detail-ended-showing = Viser dei { $shown } siste av { $count } dei siste { $days } dagane.
detail-ended-explained = Når ein kunde trekkjer tilbake ei fullmakt eller ein tilgangspakke, eller ei rolle forsvinn frå Einingsregisteret, blir kunden fjerna frå systemtilgangen dersom de ikkje lenger har alle tilgangspakkane han krev.
detail-ended-caption = Kundar som er fjerna automatisk, med dato og årsak
detail-removed = Fjerna
detail-own-system = Dette er ein systemtilgang for eige system i verksemda. Han handlar berre for eigaren av { $name }, og har ingen kundar.
remove-client-title = Fjerne { $client }?
remove-client-body = { $system } vil ikkje lenger kunne handle på vegner av { $client }
remove-client-again = Du kan leggje kunden til igjen seinare.
remove-client = Fjern kunden
client-removed = { $client } er fjerna frå systemtilgangen.
remove-selected = Fjern valde
remove-all = { $count ->
    [one] Fjern den eine kunden
   *[other] Fjern alle { $count } kundar
}
select-page = Vel alle kundane på sida
select-client = Vel { $client }
remove-hits = { $count ->
    [one] Fjern treffet
   *[other] Fjern dei { $count } treffa
}
remove-many-hits-body = { $count ->
    [one] Systemtilgangen { $system } mistar tilgangen til å handle på vegner av kunden som treffer «{ $query }»:
   *[other] Systemtilgangen { $system } mistar tilgangen til å handle på vegner av dei { $count } kundane som treffer «{ $query }»:
}
remove-many-more = og { $count } til
remove-many-hits-changed = Søket treffer { $now } kundar no, ikkje { $seen }. Ingen er fjerna; sjå over lista og prøv igjen.
remove-many-nothing = Du har ikkje valt nokon kundar. Kryss av for kundane du vil fjerne.
remove-many-title = { $count ->
    [one] Fjerne 1 kunde frå { $system }?
   *[other] Fjerne { $count } kundar frå { $system }?
}
remove-many-body = { $count ->
    [one] Systemtilgangen { $system } mistar tilgangen til å handle på vegner av denne kunden:
   *[other] Systemtilgangen { $system } mistar tilgangen til å handle på vegner av desse { $count } kundane:
}
remove-many-all-body = { $count ->
    [one] Systemtilgangen { $system } mistar tilgangen til å handle på vegner av den eine kunden sin.
   *[other] Systemtilgangen { $system } mistar tilgangen til å handle på vegner av alle dei { $count } kundane sine.
}
remove-many-confirm = { $count ->
    [one] Fjern kunden
   *[other] Fjern { $count } kundar
}
remove-many-busy = { $count ->
    [one] Fjernar kunden …
   *[other] Fjernar { $count } kundar …
}
remove-many-already-gone = Kundane var alt fjerna. Ingen endringar er gjorde.
remove-many-changed = Systemtilgangen har { $now } kundar no, ikkje { $seen }. Ingen er fjerna; sjå over lista og prøv igjen.
remove-many-again = { $count ->
    [one] Du kan leggje kunden til igjen seinare.
   *[other] Du kan leggje dei til igjen seinare.
}
auto-add-title = Leggje til nye kundar automatisk i { $access }?
auto-add-explained = Når ein kunde gir fullmakt med tilgangspakkane { $access } treng, godtek ein førespurnad om fullmakt, eller verksemda blir registrert som rekneskapsførar eller revisor for kunden i Einingsregisteret, blir kunden lagd til her med ein gong. Historikken viser kvar kunde som blir lagd til, og kvifor.
auto-add-none-now = Ingen kundar kan leggjast til akkurat no.
auto-add-also-now = { $count ->
    [one] Legg også til den eine kunden som kan leggjast til no
   *[other] Legg også til dei { $count } kundane som kan leggjast til no
}
auto-add-turn-on = Slå på
auto-add-on = Nye kundar blir lagde til automatisk
auto-add-on-explained = Kundar som gir verksemda alle tilgangspakkane systemtilgangen treng, blir lagde til her av seg sjølv.
auto-add-off-explained = Nye kundar blir ikkje lagde til av seg sjølve.
auto-add-button-on = Legg til nye kundar automatisk
auto-add-button-off = Slå av automatisk tillegg
auto-add-on-now = Nye kundar blir no lagde til automatisk i { $access }.
auto-add-off-now = Nye kundar blir ikkje lenger lagde til automatisk i { $access }.
detail-added-automatically = automatisk
own-on = Verksemda di er lagd til
own-explained = Systemtilgangen kan òg handle for verksemda di sjølv, med dei same tilgangspakkane.
own-button-on = Legg til verksemda di
own-button-off = Fjern verksemda di
own-added = { $firm } er lagd til i { $access }.
own-removed = { $firm } er fjerna frå { $access }.
own-already = { $firm } var allereie lagd til i { $access }.
own-not-there = { $firm } var ikkje lagd til i { $access }.
