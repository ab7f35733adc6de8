# Førespurnad om fullmakt: verksemda ber ein organisasjon om fullmakt, og organisasjonen svarar.

fullmakt-requests-title = Førespurnader om fullmakt
fullmakt-requests-lead = Be ein organisasjon om fullmakt med tilgangspakkane ein systemtilgang treng. Organisasjonen svarar med eitt klikk, og kan bli lagd til i systemtilgangen med ein gong.
fullmakt-requests-none = Verksemda har ikkje sendt nokon førespurnader om fullmakt.
fullmakt-requests-caption = Førespurnader om fullmakt, nyaste først
fullmakt-requests-pages = Sider med førespurnader
fullmakt-request-ask = Be om fullmakt
fullmakt-request-new-title = Be om fullmakt
fullmakt-request-new-lead = Organisasjonen får ei lenkje der han ser kva de ber om, og godtek eller avslår.
fullmakt-request-orgnr-help = Organisasjonsnummeret til organisasjonen de ber om fullmakt frå (9 siffer).
fullmakt-request-access = Systemtilgang
fullmakt-request-access-help = Vel systemtilgangen kunden skal inn i, så blir tilgangspakkane han treng kryssa av.
fullmakt-request-no-access = Ingen bestemd systemtilgang
fullmakt-request-fill = Bruk pakkane til systemtilgangen
fullmakt-request-packages-help = Tilgangspakkane de ber om. Kunden gir akkurat desse.
fullmakt-request-add = Legg kunden til i systemtilgangen når fullmakta er gitt
fullmakt-request-message = Melding til kunden (valfritt)
fullmakt-request-message-shown = Melding
fullmakt-request-message-help = Høgst { $max } teikn.
fullmakt-request-message-too-long = Meldinga kan vere høgst { $max } teikn.
fullmakt-request-send = Send førespurnad
busy-sending-request = Sender førespurnaden …
fullmakt-request-own = De kan ikkje be dykkar eiga verksemd om fullmakt.
fullmakt-request-not-an-agent = Vel ein av systemtilgangane for kundar til verksemda.
fullmakt-request-open-already = { $client } har alt ein open førespurnad frå dykk. Trekk han tilbake før de sender ein ny.
fullmakt-request-already-held = { $client } har alt gitt dykk alle desse tilgangspakkane.
fullmakt-request-sent = Førespurnaden til { $client } er send. Send lenkja under til kunden.
fullmakt-request-to = Førespurnad til { $client }
fullmakt-request-sent-on = Sendt
fullmakt-request-state = Status
fullmakt-request-for-access = for { $access }
fullmakt-request-pending = Ventar på svar (til { $date })
fullmakt-request-accepted = Godteken { $date }
fullmakt-request-declined = Avslått { $date }
fullmakt-request-withdrawn = Trekt tilbake { $date }
fullmakt-request-expired = Gått ut { $date }
fullmakt-request-link-title = Lenkje til kunden
fullmakt-request-link-help = Send denne lenkja til { $client }. Den som har rolla dagleg leiar, hovudadministrator eller tilgangsstyrar der, kan svare fram til { $date }.
fullmakt-request-link = Lenkje
fullmakt-request-withdraw = Trekk tilbake førespurnaden
fullmakt-request-withdraw-title = Trekkje tilbake førespurnaden til { $client }?
fullmakt-request-withdraw-body = { $client } kan ikkje lenger svare på førespurnaden. De kan sende ein ny seinare.
busy-withdrawing-request = Trekkjer tilbake …
fullmakt-request-withdrawn-now = Førespurnaden til { $client } er trekt tilbake.
fullmakt-request-not-open = Førespurnaden kan ikkje endrast lenger: { $state }.
fullmakt-request-again = Send ein ny førespurnad
fullmakt-request-title = Førespurnad om fullmakt
fullmakt-request-asks = { $firm } ber om: { $packages }
fullmakt-request-from = Frå
fullmakt-request-what = Dette kan { $firm } gjere med tilgangspakkane
fullmakt-request-and-add = { $firm } vil også leggje dykk til i systemtilgangen { $access }, så systemet kan handle for dykk.
fullmakt-request-answer-by = Kan svarast på til { $date }.
fullmakt-request-accept = Godta og gi fullmakt
fullmakt-request-decline = Avslå
busy-declining-request = Avslår …
fullmakt-request-no-role = Du kan ikkje svare for { $client }. Det kan den som er dagleg leiar, hovudadministrator eller tilgangsstyrar der.
fullmakt-request-switch-lead = { $firm } ber om fullmakt frå { $client }
fullmakt-request-switch-must = For å svare må du representere { $client }.
fullmakt-request-accepted-now = { $firm } har fått fullmakt med { $packages }.
fullmakt-request-accepted-held = { $firm } hadde alt alle tilgangspakkane de vart bedne om. Førespurnaden er godteken.
fullmakt-request-added-to = De er lagde til i systemtilgangen { $access }.
fullmakt-request-not-added = De vart ikkje lagde til i systemtilgangen { $access }: han treng også { $packages }.
fullmakt-request-declined-now = Førespurnaden frå { $firm } er avslått. Ingenting er gitt.
fullmakt-requests-received = { $count ->
    [one] Førespurnad som ventar på svar
   *[other] { $count } førespurnader som ventar på svar
}
fullmakt-request-open = Sjå førespurnaden
from-firm = frå { $firm }
clients-requests-link = Førespurnader om fullmakt
client-ask-fullmakt = Be om fullmakt
add-ask-fullmakt = Be { $client } om fullmakt
fullmakt-added-automatically = { $count ->
    [one] { $firm } har lagt dykk til i ein systemtilgang automatisk.
   *[other] { $firm } har lagt dykk til i { $count } systemtilgangar automatisk.
}
