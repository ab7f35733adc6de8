## Legg til kunder: the dialog that adds clients to an agent system access.

close = Lukk
add-confirm = Bekreft og lukk
add-busy = { $count ->
    [0] Et øyeblikk …
    [one] Legger til 1 kunde …
   *[other] Legger til { $count } kunder …
}
add-busy-removing = { $added ->
    [0] { $removed ->
        [one] Fjerner 1 kunde …
       *[other] Fjerner { $removed } kunder …
    }
   *[other] Legger til { $added } og fjerner { $removed } …
}
add-intro = Velg kundene som <strong>{ $system }</strong> skal kunne handle på vegne av.
add-intro-rule = Bare kunder der virksomheten har alle tilgangspakkene systemtilgangen krever, kan velges:
add-search = Søk etter kunde
add-dropped = { $count ->
    [one] 1 av kundene du hadde valgt
   *[other] { $count } av kundene du hadde valgt
} kan ikke lenger legges til (de er lagt til av andre, eller klientforholdet er endret), og er tatt ut av utvalget.
add-hide-added = Skjul kunder som allerede er lagt til
add-update = Oppdater listen
add-select-all = { $count ->
    [one] Velg den ene tilgjengelige kunden
   *[other] Velg alle { $count } tilgjengelige
}
add-clear = Fjern alle valg
add-clear-search = Tøm søket
add-empty-no-clients-title = Virksomheten har ingen kunder ennå
add-empty-no-clients = En kunde kommer til når den gir virksomheten fullmakt, eller når virksomheten står som regnskapsfører, revisor eller forretningsfører for den i Enhetsregisteret.
add-empty-see-clients = Gå til Klienter
add-empty-none-eligible = { $count ->
    [one] Virksomhetens ene kunde har ikke alle tilgangspakkene systemtilgangen krever.
   *[other] Ingen av virksomhetens { $count } kunder har alle tilgangspakkene systemtilgangen krever.
} Se hva som mangler nedenfor.
add-discard-question = { $count ->
    [one] Forkaste den valgte kunden?
   *[other] Forkaste { $count } valgte kunder?
}
add-discard-info = Kundene er ikke lagt til ennå. Lukker du, forsvinner utvalget.
add-discard = Forkast utvalget
add-keep-choosing = Fortsett å velge
add-select-hits = { $count ->
    [one] Velg treffet
   *[other] Velg de { $count } treffene
}
add-too-many-hits = Søket har { $count } treff som kan legges til. Snevre inn søket for å velge treffene samlet, eller velg alle.
add-no-match-unavailable = { $count ->
    [one] 1 kunde som passer, kan ikke legges til; se hvorfor nedenfor.
   *[other] { $count } kunder som passer, kan ikke legges til; se hvorfor nedenfor.
}
add-added-by = { $date } av { $person }
add-show-selected = Vis valgte ({ $count })
add-show-unselected = Vis de som ikke er valgt ({ $count })
add-names-more = og { $count } til
add-no-match = Ingen tilgjengelige kunder passer med «{ $query }».
add-all-added = Alle tilgjengelige kunder er allerede lagt til.
add-nothing-to-show = Ingen kunder å vise.
add-legend = Tilgjengelige kunder, side { $page } av { $pages }
add-already-added = Allerede lagt til
add-pages = Sider med tilgjengelige kunder
add-unavailable = Kunder som ikke kan legges til ({ $count })
add-unavailable-rule = Virksomheten må ha alle tilgangspakkene systemtilgangen er satt opp med fra kunden, gjennom roller i Enhetsregisteret eller fullmakt.
add-unavailable-first = Viser de { $shown } første. Søk etter navn eller organisasjonsnummer for å finne en bestemt kunde.
selection-removing = { $count ->
    [one] 1 kunde fjernes
   *[other] { $count } kunder fjernes
}
removed-count = { $count ->
    [one] 1 kunde er fjernet.
   *[other] { $count } kunder er fjernet.
}
add-will-be-removed = Fjernes
selection-all = Alle { $count } tilgjengelige kunder er valgt
selection-count = { $count ->
    [0] Ingen kunder valgt
    [one] 1 kunde valgt
   *[other] { $count } kunder valgt
}
added-one = { $client } er lagt til.
added-count = { $count ->
    [0] Ingen nye kunder ble lagt til.
    [one] 1 kunde er lagt til.
   *[other] { $count } kunder er lagt til.
}
added-already = { $count ->
    [one] 1 av de valgte var allerede lagt til.
   *[other] { $count } av de valgte var allerede lagt til.
}
add-nothing-selected = Du har ikke valgt noen kunder.
add-none-available = Det er ingen tilgjengelige kunder å legge til: alle er allerede lagt til.
add-refused = { $count } av kundene kan ikke legges til. Ingen endringer er gjort.
add-selection-changed = Listen over tilgjengelige kunder har endret seg siden du valgte: nå er { $now } kunder valgt, ikke { $seen }. Se over utvalget og bekreft på nytt.

# For screen readers, after a search or "hide added" (app.js reads it out).
add-list-count = { $count ->
    [0] Ingen kunder å vise.
    [one] Listen viser 1 kunde.
   *[other] Listen viser { $count } kunder.
}
add-match-count = { $count ->
    [0] Ingen tilgjengelige kunder passer med «{ $query }».
    [one] 1 kunde passer med «{ $query }».
   *[other] { $count } kunder passer med «{ $query }».
}
