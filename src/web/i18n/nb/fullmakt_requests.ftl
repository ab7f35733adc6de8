# Forespørsel om fullmakt: virksomheten ber en organisasjon om fullmakt, og organisasjonen svarer.

fullmakt-requests-title = Forespørsler om fullmakt
fullmakt-requests-lead = Be en organisasjon om fullmakt med tilgangspakkene en systemtilgang trenger. Organisasjonen svarer med ett klikk, og kan bli lagt til i systemtilgangen med en gang.
fullmakt-requests-none = Virksomheten har ikke sendt noen forespørsler om fullmakt.
fullmakt-requests-caption = Forespørsler om fullmakt, nyeste først
fullmakt-requests-pages = Sider med forespørsler
fullmakt-request-ask = Be om fullmakt
fullmakt-request-new-title = Be om fullmakt
fullmakt-request-new-lead = Organisasjonen får en lenke der den ser hva dere ber om, og godtar eller avslår.
fullmakt-request-orgnr-help = Organisasjonsnummeret til organisasjonen dere ber om fullmakt fra (9 siffer).
fullmakt-request-access = Systemtilgang
fullmakt-request-access-help = Velg systemtilgangen kunden skal inn i, så krysses tilgangspakkene den trenger av.
fullmakt-request-no-access = Ingen bestemt systemtilgang
fullmakt-request-fill = Bruk pakkene til systemtilgangen
fullmakt-request-packages-help = Tilgangspakkene dere ber om. Kunden gir akkurat disse.
fullmakt-request-add = Legg kunden til i systemtilgangen når fullmakten er gitt
fullmakt-request-message = Melding til kunden (valgfritt)
fullmakt-request-message-shown = Melding
fullmakt-request-message-help = Høyst { $max } tegn.
fullmakt-request-message-too-long = Meldingen kan være høyst { $max } tegn.
fullmakt-request-send = Send forespørsel
busy-sending-request = Sender forespørselen …
fullmakt-request-own = Dere kan ikke be deres egen virksomhet om fullmakt.
fullmakt-request-not-an-agent = Velg en av virksomhetens systemtilganger for kunder.
fullmakt-request-open-already = { $client } har allerede en åpen forespørsel fra dere. Trekk den tilbake før dere sender en ny.
fullmakt-request-already-held = { $client } har allerede gitt dere alle disse tilgangspakkene.
fullmakt-request-sent = Forespørselen til { $client } er sendt. Send lenken under til kunden.
fullmakt-request-to = Forespørsel til { $client }
fullmakt-request-sent-on = Sendt
fullmakt-request-state = Status
fullmakt-request-for-access = for { $access }
fullmakt-request-pending = Venter på svar (til { $date })
fullmakt-request-accepted = Godtatt { $date }
fullmakt-request-declined = Avslått { $date }
fullmakt-request-withdrawn = Trukket tilbake { $date }
fullmakt-request-expired = Utløpt { $date }
fullmakt-request-link-title = Lenke til kunden
fullmakt-request-link-help = Send denne lenken til { $client }. Den som har rollen daglig leder, hovedadministrator eller tilgangsstyrer der, kan svare fram til { $date }.
fullmakt-request-link = Lenke
fullmakt-request-withdraw = Trekk tilbake forespørselen
fullmakt-request-withdraw-title = Trekke tilbake forespørselen til { $client }?
fullmakt-request-withdraw-body = { $client } kan ikke lenger svare på forespørselen. Dere kan sende en ny senere.
busy-withdrawing-request = Trekker tilbake …
fullmakt-request-withdrawn-now = Forespørselen til { $client } er trukket tilbake.
fullmakt-request-not-open = Forespørselen kan ikke endres lenger: { $state }.
fullmakt-request-again = Send en ny forespørsel
fullmakt-request-title = Forespørsel om fullmakt
fullmakt-request-asks = { $firm } ber om: { $packages }
fullmakt-request-from = Fra
fullmakt-request-what = Dette kan { $firm } gjøre med tilgangspakkene
fullmakt-request-and-add = { $firm } vil også legge dere til i systemtilgangen { $access }, så systemet kan handle for dere.
fullmakt-request-answer-by = Kan besvares til { $date }.
fullmakt-request-accept = Godta og gi fullmakt
fullmakt-request-decline = Avslå
busy-declining-request = Avslår …
fullmakt-request-no-role = Du kan ikke svare for { $client }. Det kan den som er daglig leder, hovedadministrator eller tilgangsstyrer der.
fullmakt-request-switch-lead = { $firm } ber om fullmakt fra { $client }
fullmakt-request-switch-must = For å svare må du representere { $client }.
fullmakt-request-accepted-now = { $firm } har fått fullmakt med { $packages }.
fullmakt-request-accepted-held = { $firm } hadde allerede alle tilgangspakkene dere ble bedt om. Forespørselen er godtatt.
fullmakt-request-added-to = Dere er lagt til i systemtilgangen { $access }.
fullmakt-request-not-added = Dere ble ikke lagt til i systemtilgangen { $access }: den trenger også { $packages }.
fullmakt-request-declined-now = Forespørselen fra { $firm } er avslått. Ingenting er gitt.
fullmakt-requests-received = { $count ->
    [one] Forespørsel som venter på svar
   *[other] { $count } forespørsler som venter på svar
}
fullmakt-request-open = Se forespørselen
from-firm = fra { $firm }
clients-requests-link = Forespørsler om fullmakt
client-ask-fullmakt = Be om fullmakt
add-ask-fullmakt = Be { $client } om fullmakt
fullmakt-added-automatically = { $count ->
    [one] { $firm } har lagt dere til i en systemtilgang automatisk.
   *[other] { $firm } har lagt dere til i { $count } systemtilganger automatisk.
}
