## A vendor's request for a system access.

request-title = Førespurnad om systemtilgang
request-lead = { $vendor } ber om ein systemtilgang som kan handle for { $customer }.
request-lead-agent = { $vendor } ber om ein systemtilgang som kan handle for kundane til { $customer }.
request-sent = Send
request-agent-rule = Systemtilgangen handlar berre for kundar som ein klientadministrator legg til, og berre for kundar som har gitt { $customer } desse tilgangspakkane.
request-expires = Førespurnaden går ut { $date }.
request-return = Når du har svart, blir du send tilbake til { $host }.
request-approve = Godkjenn
request-reject = Avvis
request-to-overview = Til Systemtilgangar
request-switch-lead = { $vendor } ber om ein systemtilgang for { $customer }
request-switch-current = Du representerer no { $party }.
request-switch-must = For å sjå og svare på førespurnaden må du representere { $customer }.
request-represent = Representer { $customer }
request-accepted = Førespurnaden vart godkjend { $date }.
request-rejected = Førespurnaden vart avvist { $date }.
request-timed-out = Førespurnaden gjekk ut { $date } utan svar. Be { $vendor } om å sende ein ny.
request-other-party = Førespurnaden gjeld ei anna verksemd enn den du representerer no. Opne lenkja til førespurnaden på nytt.
request-expired = Førespurnaden gjekk ut { $date } og kan ikkje lenger svarast på. Be { $vendor } om å sende ein ny.
request-already-answered = Førespurnaden er alt svart på, kanskje av ein annan person.
request-system-user-exists = Verksemda har alt ein systemtilgang for { $system } med same referanse. Avvis førespurnaden, eller slett den andre systemtilgangen først.
request-system-changed = { $vendor } har endra systemet sidan førespurnaden vart send, og det gir ikkje lenger alle tilgangspakkane han ber om. Avvis førespurnaden, og be { $vendor } sende ein ny.
request-system-deleted = { $vendor } har sletta systemet frå systemregisteret, så førespurnaden kan ikkje lenger godkjennast. Avvis han.
request-failed = Førespurnaden kunne ikkje svarast på. Ingen endringar er gjorde.
request-rejected-flash = Førespurnaden frå { $vendor } er avvist.
request-may-not-answer = Berre dagleg leiar, hovudadministrator eller ein tilgangsstyrar kan godkjenne eller avvise førespurnaden. Send han til dei, så ser dei han først under Systemtilgangar.
request-escalate = Send til tilgangsstyrar
request-escalated = Førespurnaden om { $system } er send til tilgangsstyrar. Dagleg leiar, hovudadministrator og tilgangsstyrarar ser han først under Systemtilgangar.
request-escalated-before = Førespurnaden om { $system } var allereie send til tilgangsstyrar.
request-escalated-by = Send til tilgangsstyrar { $date } av { $person }.
receipt-title = Førespurnaden er godkjend
receipt-approved = { $person } godkjende { $date } førespurnaden frå { $vendor } om systemtilgang til { $system }. Systemtilgangen «{ $name }» er oppretta med tilgangspakkane som står under.
receipt-next-agent = Neste steg: legg til kundane systemet skal handle for, med «Legg til kundar».
receipt-next-agent-other = Neste steg: ein klientadministrator legg til kundane systemet skal handle for.
receipt-back = Tilbake til { $vendor }
change-title = Endring av systemtilgang
change-lead = { $vendor } ber om å endre tilgangspakkane til systemtilgangen «{ $access }».
change-switch-lead = { $vendor } ber om å endre ein systemtilgang hos { $customer }
change-now = Tilgangspakkar no
change-added = Vert lagde til
change-removed = Vert fjerna
change-ending = { $count ->
    [one] Éin kunde vert fjerna frå systemtilgangen
   *[other] { $count } kundar vert fjerna frå systemtilgangen
}
change-ending-why = Desse kundane har ikkje gitt verksemda alle tilgangspakkane systemtilgangen treng etter endringa. Godkjenner du, vert dei fjerna med ein gong.
change-ending-more = og { $count } til
change-approve-ending = { $count ->
    [one] Godkjenn og fjern éin kunde
   *[other] Godkjenn og fjern { $count } kundar
}
change-may-not-answer = Berre dagleg leiar, hovudadministrator eller ein tilgangsstyrar kan godkjenne eller avvise endringa.
change-accepted = Endringa vart godkjend { $date }.
change-rejected = Endringa vart avvist { $date }.
change-timed-out = Førespurnaden om endring gjekk ut utan svar. Be { $vendor } om å sende ein ny.
change-rejected-flash = Endringa { $vendor } bad om, er avvist.
change-to-access = Til systemtilgangen { $access }
change-escalated = Endringa av «{ $access }» er send til tilgangsstyrar. Dagleg leiar, hovudadministrator og tilgangsstyrarar ser ho først under Systemtilgangar.
change-escalated-before = Endringa av «{ $access }» var alt send til tilgangsstyrar.
change-receipt-title = Endringa er godkjend
change-receipt = { $person } godkjende { $date } endringa { $vendor } bad om av systemtilgangen «{ $name }». Tilgangspakkane han har no, står under.
change-receipt-ended = { $count ->
    [one] Éin kunde vart fjerna fordi han ikkje har gitt alle tilgangspakkane systemtilgangen treng no.
   *[other] { $count } kundar vart fjerna fordi dei ikkje har gitt alle tilgangspakkane systemtilgangen treng no.
}
change-receipt-added = { $count ->
    [one] Éin kunde vart lagd til automatisk, fordi systemtilgangen no treng færre tilgangspakkar.
   *[other] { $count } kundar vart lagde til automatisk, fordi systemtilgangen no treng færre tilgangspakkar.
}
