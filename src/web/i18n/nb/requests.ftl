## A vendor's request for a system access.

request-title = Forespørsel om systemtilgang
request-lead = { $vendor } ber om en systemtilgang som kan handle for { $customer }.
request-lead-agent = { $vendor } ber om en systemtilgang som kan handle for kundene til { $customer }.
request-sent = Sendt
request-agent-rule = Systemtilgangen handler bare for kunder som en klientadministrator legger til, og bare for kunder som har gitt { $customer } disse tilgangspakkene.
request-expires = Forespørselen utløper { $date }.
request-return = Når du har svart, blir du sendt tilbake til { $host }.
request-approve = Godkjenn
request-reject = Avvis
request-to-overview = Til Systemtilganger
request-switch-lead = { $vendor } ber om en systemtilgang for { $customer }
request-switch-current = Du representerer nå { $party }.
request-switch-must = For å se og svare på forespørselen må du representere { $customer }.
request-represent = Representer { $customer }
request-accepted = Forespørselen ble godkjent { $date }.
request-rejected = Forespørselen ble avvist { $date }.
request-timed-out = Forespørselen utløp { $date } uten svar. Be { $vendor } om å sende en ny.
request-other-party = Forespørselen gjelder en annen virksomhet enn den du representerer nå. Åpne lenken til forespørselen på nytt.
request-expired = Forespørselen utløp { $date } og kan ikke lenger besvares. Be { $vendor } om å sende en ny.
request-already-answered = Forespørselen er allerede besvart, kanskje av en annen person.
request-system-user-exists = Virksomheten har allerede en systemtilgang for { $system } med samme referanse. Avvis forespørselen, eller slett den andre systemtilgangen først.
request-system-changed = { $vendor } har endret systemet siden forespørselen ble sendt, og det gir ikke lenger alle tilgangspakkene den ber om. Avvis forespørselen, og be { $vendor } sende en ny.
request-system-deleted = { $vendor } har slettet systemet fra systemregisteret, så forespørselen kan ikke lenger godkjennes. Avvis den.
request-failed = Forespørselen kunne ikke besvares. Ingen endringer er gjort.
request-rejected-flash = Forespørselen fra { $vendor } er avvist.
request-may-not-answer = Bare daglig leder, hovedadministrator eller en tilgangsstyrer kan godkjenne eller avvise forespørselen. Send den til dem, så ser de den først under Systemtilganger.
request-escalate = Send til tilgangsstyrer
request-escalated = Forespørselen om { $system } er sendt til tilgangsstyrer. Daglig leder, hovedadministrator og tilgangsstyrere ser den først under Systemtilganger.
request-escalated-before = Forespørselen om { $system } var allerede sendt til tilgangsstyrer.
request-escalated-by = Sendt til tilgangsstyrer { $date } av { $person }.
receipt-title = Forespørselen er godkjent
receipt-approved = { $person } godkjente { $date } forespørselen fra { $vendor } om systemtilgang til { $system }. Systemtilgangen «{ $name }» er opprettet med tilgangspakkene som står under.
receipt-next-agent = Neste steg: legg til kundene systemet skal handle for, med «Legg til kunder».
receipt-next-agent-other = Neste steg: en klientadministrator legger til kundene systemet skal handle for.
receipt-back = Tilbake til { $vendor }
change-title = Endring av systemtilgang
change-lead = { $vendor } ber om å endre tilgangspakkene til systemtilgangen «{ $access }».
change-switch-lead = { $vendor } ber om å endre en systemtilgang hos { $customer }
change-now = Tilgangspakker nå
change-added = Legges til
change-removed = Fjernes
change-ending = { $count ->
    [one] Én kunde fjernes fra systemtilgangen
   *[other] { $count } kunder fjernes fra systemtilgangen
}
change-ending-why = Disse kundene har ikke gitt virksomheten alle tilgangspakkene systemtilgangen trenger etter endringen. Godkjenner du, fjernes de med en gang.
change-ending-more = og { $count } til
change-approve-ending = { $count ->
    [one] Godkjenn og fjern én kunde
   *[other] Godkjenn og fjern { $count } kunder
}
change-may-not-answer = Bare daglig leder, hovedadministrator eller en tilgangsstyrer kan godkjenne eller avvise endringen.
change-accepted = Endringen ble godkjent { $date }.
change-rejected = Endringen ble avvist { $date }.
change-timed-out = Forespørselen om endring utløp uten svar. Be { $vendor } om å sende en ny.
change-rejected-flash = Endringen { $vendor } ba om, er avvist.
change-to-access = Til systemtilgangen { $access }
change-escalated = Endringen av «{ $access }» er sendt til tilgangsstyrer. Daglig leder, hovedadministrator og tilgangsstyrere ser den først under Systemtilganger.
change-escalated-before = Endringen av «{ $access }» var allerede sendt til tilgangsstyrer.
change-receipt-title = Endringen er godkjent
change-receipt = { $person } godkjente { $date } endringen { $vendor } ba om av systemtilgangen «{ $name }». Tilgangspakkene den har nå, står under.
change-receipt-ended = { $count ->
    [one] Én kunde ble fjernet fordi den ikke har gitt alle tilgangspakkene systemtilgangen trenger nå.
   *[other] { $count } kunder ble fjernet fordi de ikke har gitt alle tilgangspakkene systemtilgangen trenger nå.
}
change-receipt-added = { $count ->
    [one] Én kunde ble lagt til automatisk, fordi systemtilgangen nå trenger færre tilgangspakker.
   *[other] { $count } kunder ble lagt til automatisk, fordi systemtilgangen nå trenger færre tilgangspakker.
}
