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
request-no-role = Forespørselen gjelder { $customer } (org.nr. { $number }), og du har ingen rolle for den virksomheten. Be daglig leder eller en tilgangsstyrer der om å svare på den.
request-other-party = Forespørselen gjelder en annen virksomhet enn den du representerer nå. Åpne lenken til forespørselen på nytt.
request-expired = Forespørselen utløp { $date } og kan ikke lenger besvares. Be { $vendor } om å sende en ny.
request-already-answered = Forespørselen er allerede besvart, kanskje av en annen person.
request-system-user-exists = Virksomheten har allerede en systemtilgang for { $system } med samme referanse. Avvis forespørselen, eller slett den andre systemtilgangen først.
request-system-changed = { $vendor } har endret systemet siden forespørselen ble sendt, og det gir ikke lenger alle tilgangspakkene den ber om. Avvis forespørselen, og be { $vendor } sende en ny.
request-failed = Forespørselen kunne ikke besvares. Ingen endringer er gjort.
request-agent-created = Systemtilgangen «{ $name }» er opprettet. En klientadministrator kan nå legge til kunder.
request-rejected-flash = Forespørselen fra { $vendor } er avvist.
