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
request-no-role = Førespurnaden gjeld { $customer } (org.nr. { $number }), og du har inga rolle for den verksemda. Be dagleg leiar eller ein tilgangsstyrar der om å svare på han.
request-other-party = Førespurnaden gjeld ei anna verksemd enn den du representerer no. Opne lenkja til førespurnaden på nytt.
request-expired = Førespurnaden gjekk ut { $date } og kan ikkje lenger svarast på. Be { $vendor } om å sende ein ny.
request-already-answered = Førespurnaden er alt svart på, kanskje av ein annan person.
request-system-user-exists = Verksemda har alt ein systemtilgang for { $system } med same referanse. Avvis førespurnaden, eller slett den andre systemtilgangen først.
request-system-changed = { $vendor } har endra systemet sidan førespurnaden vart send, og det gir ikkje lenger alle tilgangspakkane han ber om. Avvis førespurnaden, og be { $vendor } sende ein ny.
request-failed = Førespurnaden kunne ikkje svarast på. Ingen endringar er gjorde.
request-agent-created = Systemtilgangen «{ $name }» er oppretta. Ein klientadministrator kan no leggje til kundar.
request-rejected-flash = Førespurnaden frå { $vendor } er avvist.
