## Legg til kundar: the dialog that adds clients to an agent system access.

close = Lukk
add-confirm = Stadfest og lukk
add-busy = { $count ->
    [0] Eit augneblink …
    [one] Legg til 1 kunde …
   *[other] Legg til { $count } kundar …
}
add-busy-removing = { $added ->
    [0] { $removed ->
        [one] Fjernar 1 kunde …
       *[other] Fjernar { $removed } kundar …
    }
   *[other] Legg til { $added } og fjernar { $removed } …
}
add-intro = Vel kundane som <strong>{ $system }</strong> skal kunne handle på vegner av.
add-intro-rule = Berre kundar der verksemda har alle tilgangspakkane systemtilgangen krev, kan veljast:
add-search = Søk etter kunde
add-dropped = { $count ->
    [one] 1 av kundane du hadde valt
   *[other] { $count } av kundane du hadde valt
} kan ikkje lenger leggjast til (dei er lagde til av andre, eller klientforholdet er endra), og er tekne ut av utvalet.
add-hide-added = Skjul kundar som alt er lagde til
add-update = Oppdater lista
add-select-all = { $count ->
    [one] Vel den eine tilgjengelege kunden
   *[other] Vel alle { $count } tilgjengelege
}
add-clear = Fjern alle val
add-clear-search = Tøm søket
add-empty-no-clients-title = Verksemda har ingen kundar enno
add-empty-no-clients = Ein kunde kjem til når han gir verksemda fullmakt, eller når verksemda står som rekneskapsførar, revisor eller forretningsførar for han i Einingsregisteret.
add-empty-see-clients = Gå til Klientar
add-empty-none-eligible = { $count ->
    [one] Den eine kunden til verksemda har ikkje alle tilgangspakkane systemtilgangen krev.
   *[other] Ingen av dei { $count } kundane til verksemda har alle tilgangspakkane systemtilgangen krev.
} Sjå kva som manglar nedanfor.
add-discard-question = { $count ->
    [one] Forkaste den valde kunden?
   *[other] Forkaste { $count } valde kundar?
}
add-discard-info = Kundane er ikkje lagde til enno. Lukkar du, forsvinn utvalet.
add-discard = Forkast utvalet
add-keep-choosing = Hald fram med å velje
add-select-hits = { $count ->
    [one] Vel treffet
   *[other] Vel dei { $count } treffa
}
add-too-many-hits = Søket har { $count } treff som kan leggjast til. Snevra inn søket for å velje treffa samla, eller vel alle.
add-no-match-unavailable = { $count ->
    [one] 1 kunde som passar, kan ikkje leggjast til; sjå kvifor nedanfor.
   *[other] { $count } kundar som passar, kan ikkje leggjast til; sjå kvifor nedanfor.
}
add-added-by = { $date } av { $person }
add-show-selected = Vis valde ({ $count })
add-show-unselected = Vis dei som ikkje er valde ({ $count })
add-names-more = og { $count } til
add-no-match = Ingen tilgjengelege kundar passar med «{ $query }».
add-all-added = Alle tilgjengelege kundar er alt lagde til.
add-nothing-to-show = Ingen kundar å vise.
add-legend = Tilgjengelege kundar, side { $page } av { $pages }
add-already-added = Alt lagd til
add-pages = Sider med tilgjengelege kundar
add-unavailable = Kundar som ikkje kan leggjast til ({ $count })
add-unavailable-rule = Verksemda må ha alle tilgangspakkane systemtilgangen er sett opp med frå kunden, gjennom roller i Einingsregisteret eller fullmakt.
add-unavailable-first = Viser dei { $shown } første. Søk etter namn eller organisasjonsnummer for å finne ein bestemt kunde.
selection-removing = { $count ->
    [one] 1 kunde blir fjerna
   *[other] { $count } kundar blir fjerna
}
removed-count = { $count ->
    [one] 1 kunde er fjerna.
   *[other] { $count } kundar er fjerna.
}
add-will-be-removed = Blir fjerna
selection-all = Alle { $count } tilgjengelege kundar er valde
selection-count = { $count ->
    [0] Ingen kundar valde
    [one] 1 kunde vald
   *[other] { $count } kundar valde
}
added-one = { $client } er lagd til.
added-count = { $count ->
    [0] Ingen nye kundar vart lagde til.
    [one] 1 kunde er lagd til.
   *[other] { $count } kundar er lagde til.
}
added-already = { $count ->
    [one] 1 av dei valde var alt lagd til.
   *[other] { $count } av dei valde var alt lagde til.
}
add-nothing-selected = Du har ikkje valt nokon kundar.
add-none-available = Det finst ingen tilgjengelege kundar å leggje til: alle er alt lagde til.
add-refused = { $count } av kundane kan ikkje leggjast til. Ingen endringar er gjorde.
add-selection-changed = Lista over tilgjengelege kundar har endra seg sidan du valde: no er { $now } kundar valde, ikkje { $seen }. Sjå over utvalet og stadfest på nytt.

# For screen readers, after a search or "hide added" (app.js reads it out).
add-list-count = { $count ->
    [0] Ingen kundar å vise.
    [one] Lista viser 1 kunde.
   *[other] Lista viser { $count } kundar.
}
add-match-count = { $count ->
    [0] Ingen tilgjengelege kundar passar med «{ $query }».
    [one] 1 kunde passar med «{ $query }».
   *[other] { $count } kundar passar med «{ $query }».
}
