## Fullmakter: what the organization has given other firms, giving and withdrawing.

give-fullmakt = Gje fullmakt
give-fullmakt-to = Gje fullmakt til { $firm }
organization = Verksemd
to-firm = til { $firm }
withdraw = Trekk tilbake
withdraw-fullmakt = Trekk tilbake fullmakta
find-lead = Finn verksemda som skal få fullmakt, til dømes rekneskapsføraren dykkar. Du ser namnet på verksemda og vel tilgangspakkar før noko blir gitt.
find-fix-first = Du må rette dette før du kan gå vidare
find-label = Organisasjonsnummer eller namn
find-help = 9 siffer, til dømes 311 037 889, eller ein del av namnet
find-submit = Finn verksemd
find-hits = { $count ->
    [0] Ingen treff
    [one] 1 verksemd
   *[other] { $count } verksemder
}
find-no-match = Fann ingen verksemder med «{ $query }» i namnet. Prøv ein annan del av namnet, eller skriv organisasjonsnummeret.
find-own-organization = Dette er verksemda du representerer. Skriv organisasjonsnummeret til verksemda som skal få fullmakt.
find-unknown-number = Fann inga verksemd med organisasjonsnummer { $number }.
grant-existing = { $firm } har alt fullmakt frå { $party }. Vel tilgangspakkane du vil leggje til.
grant-all-held = { $firm } har alt alle tilgangspakkane som kan delegerast til ei anna verksemd.
grant-back = Tilbake til fullmakter
grant-fix-first = Du må rette dette før du kan gje fullmakt
grant-help = { $firm } får gjere det tilgangspakkane gir tilgang til, for { $party }. Vel berre det verksemda treng.
grant-held = (har alt)
fullmakt-lead = Fullmakter som { $party } har gitt til andre verksemder, til dømes ein rekneskapsførar eller ein revisor, med tilgangspakkane dei har fått. Verksemda kan berre bruke tilgangspakkane de har gitt henne.
fullmakt-none = De har ikkje gitt fullmakt til nokon verksemder.
fullmakt-given-on = Fullmakt gitt { $date }
fullmakt-no-packages = Ingen tilgangspakkar er delegerte under denne fullmakta.
fullmakt-packages-caption = Tilgangspakkar delegerte til { $firm }
fullmakt-delegated = Delegert
withdraw-package-label = Trekk tilbake { $package } frå { $firm }
fullmakt-delegate-more = Deleger fleire tilgangspakkar
withdraw-loses-package = mistar tilgangspakken { $package }. Fullmakta og dei andre tilgangspakkane beheld dei.
withdraw-loses-fullmakt = mistar fullmakta og alle tilgangspakkane under henne.
withdraw-none-lost = Ingen av systemtilgangane til { $firm } mistar dykk som kunde.
withdraw-lost = { $count ->
    [one] Denne systemtilgangen
   *[other] Desse systemtilgangane
} hos { $firm } mistar dykk som kunde med ein gong:
withdraw-package-title = Trekkje tilbake { $package } frå { $firm }?
withdraw-fullmakt-title = Trekkje tilbake fullmakta til { $firm }?
fullmakt-given = { $count ->
    [one] { $firm } har fått fullmakt med tilgangspakken { $packages }.
   *[other] { $firm } har fått fullmakt med tilgangspakkane { $packages }.
}
packages-given = { $count ->
    [one] { $firm } har fått tilgangspakken { $packages }.
   *[other] { $firm } har fått tilgangspakkane { $packages }.
}
packages-held-before = { $packages } hadde dei frå før.
package-withdrawn = Tilgangspakken { $package } er trekt tilbake frå { $firm }.
fullmakt-withdrawn = Fullmakta til { $firm } er trekt tilbake.
withdrawn-no-longer-acts = { $systems } handlar ikkje lenger for { $party }.
fullmakt-already-delegated = { $count ->
    [one] { $firm } har alt tilgangspakken { $packages } frå dykk.
   *[other] { $firm } har alt tilgangspakkane { $packages } frå dykk.
}
fullmakt-not-given = De har inga fullmakt til denne verksemda. Ho kan alt vere trekt tilbake.
fullmakt-package-not-delegated = Tilgangspakken { $package } er alt trekt tilbake.
