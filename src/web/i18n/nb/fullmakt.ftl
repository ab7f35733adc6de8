## Fullmakter: what the organization has given other firms, giving and withdrawing.

give-fullmakt = Gi fullmakt
give-fullmakt-to = Gi fullmakt til { $firm }
organization = Virksomhet
to-firm = til { $firm }
withdraw = Trekk tilbake
withdraw-fullmakt = Trekk tilbake fullmakten
find-lead = Finn virksomheten som skal få fullmakt, for eksempel regnskapsføreren deres. Du ser navnet på virksomheten og velger tilgangspakker før noe blir gitt.
find-fix-first = Du må rette dette før du kan gå videre
find-label = Organisasjonsnummer eller navn
find-help = 9 sifre, for eksempel 311 037 889, eller en del av navnet
find-submit = Finn virksomhet
find-hits = { $count ->
    [0] Ingen treff
    [one] 1 virksomhet
   *[other] { $count } virksomheter
}
find-no-match = Fant ingen virksomheter med «{ $query }» i navnet. Prøv en annen del av navnet, eller skriv organisasjonsnummeret.
find-own-organization = Dette er virksomheten du representerer. Skriv organisasjonsnummeret til virksomheten som skal få fullmakt.
find-unknown-number = Fant ingen virksomhet med organisasjonsnummer { $number }.
grant-existing = { $firm } har allerede fullmakt fra { $party }. Velg tilgangspakkene du vil legge til.
grant-all-held = { $firm } har allerede alle tilgangspakkene som kan delegeres til en annen virksomhet.
grant-back = Tilbake til fullmakter
grant-fix-first = Du må rette dette før du kan gi fullmakt
grant-help = { $firm } får gjøre det tilgangspakkene gir tilgang til, for { $party }. Velg bare det virksomheten trenger.
grant-held = (har allerede)
fullmakt-lead = Fullmakter som { $party } har gitt til andre virksomheter, for eksempel en regnskapsfører eller en revisor, med tilgangspakkene de har fått. Virksomheten kan bare bruke tilgangspakkene dere har gitt den.
fullmakt-none = Dere har ikke gitt fullmakt til noen virksomheter.
fullmakt-given-on = Fullmakt gitt { $date }
fullmakt-no-packages = Ingen tilgangspakker er delegert under denne fullmakten.
fullmakt-packages-caption = Tilgangspakker delegert til { $firm }
fullmakt-delegated = Delegert
withdraw-package-label = Trekk tilbake { $package } fra { $firm }
fullmakt-delegate-more = Deleger flere tilgangspakker
withdraw-loses-package = mister tilgangspakken { $package }. Fullmakten og de andre tilgangspakkene beholder de.
withdraw-loses-fullmakt = mister fullmakten og alle tilgangspakkene under den.
withdraw-none-lost = Ingen av systemtilgangene til { $firm } mister dere som kunde.
withdraw-lost = { $count ->
    [one] Denne systemtilgangen
   *[other] Disse systemtilgangene
} hos { $firm } mister dere som kunde med en gang:
withdraw-package-title = Trekke tilbake { $package } fra { $firm }?
withdraw-fullmakt-title = Trekke tilbake fullmakten til { $firm }?
fullmakt-given = { $count ->
    [one] { $firm } har fått fullmakt med tilgangspakken { $packages }.
   *[other] { $firm } har fått fullmakt med tilgangspakkene { $packages }.
}
packages-given = { $count ->
    [one] { $firm } har fått tilgangspakken { $packages }.
   *[other] { $firm } har fått tilgangspakkene { $packages }.
}
packages-held-before = { $packages } hadde de fra før.
package-withdrawn = Tilgangspakken { $package } er trukket tilbake fra { $firm }.
fullmakt-withdrawn = Fullmakten til { $firm } er trukket tilbake.
withdrawn-no-longer-acts = { $systems } handler ikke lenger for { $party }.
fullmakt-already-delegated = { $count ->
    [one] { $firm } har allerede tilgangspakken { $packages } fra dere.
   *[other] { $firm } har allerede tilgangspakkene { $packages } fra dere.
}
fullmakt-not-given = Dere har ingen fullmakt til denne virksomheten. Den kan allerede være trukket tilbake.
fullmakt-package-not-delegated = Tilgangspakken { $package } er allerede trukket tilbake.
