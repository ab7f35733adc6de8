## Klientar: the firm's clients, and one client.

org-form = Organisasjonsform
relationship = Klientforhold
system-access = Systemtilgang
clients-client = Klient
clients-lead = Verksemdene { $party } har eit klientforhold til, anten gjennom ei rolle i Einingsregisteret eller ei fullmakt klienten har gitt, og tilgangspakkane det gir. Ein klient kan leggjast til ein systemtilgang når de har alle tilgangspakkane systemtilgangen er sett opp med.
clients-search = Søk blant klientane
clients-count = { $count ->
    [one] 1 klient
   *[other] { $count } klientar
}
clients-count-matching = { $count ->
    [one] 1 klient
   *[other] { $count } klientar
} passar med «{ $query }»
clients-none = Verksemda har ingen klientar enno. Ei verksemd blir klient når ho gir dykk fullmakt, eller når de er registrerte som rekneskapsførar, revisor eller forretningsførar for henne i Einingsregisteret.
clients-no-match = Ingen klientar passar med «{ $query }».
clients-pages = Sider med klientar
client-packages = Tilgangspakkar de har frå kunden
client-no-packages = De har ingen tilgangspakkar frå { $client }.
client-may-delegate = Kunden kan delegere tilgangspakkar til dykk under fullmakta.
client-ffor-rule = Rolla som forretningsførar (FFØR) gir tilgangspakken Forretningsførar eigedom berre for burettslag (BRL) og eigarseksjonssameige (ESEK). Kunden kan gi dykk fullmakt med tilgangspakkar.
client-packages-caption = Tilgangspakkar og kvar dei kjem frå
client-comes-from = Kjem frå
client-status-caption = Om kunden er lagd til, eller kan leggjast til, kvar systemtilgang
client-requires = Krev
client-status = Status
client-can-add = Kan leggjast til
client-add = Legg til kunden
client-add-to = i { $system }
client-cannot-add = Kan ikkje leggjast til
