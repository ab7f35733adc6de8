## Klienter: the firm's clients, and one client.

org-form = Organisasjonsform
relationship = Klientforhold
system-access = Systemtilgang
clients-client = Klient
clients-lead = Virksomhetene { $party } har et klientforhold til, enten gjennom en rolle i Enhetsregisteret eller en fullmakt klienten har gitt, og tilgangspakkene det gir. En klient kan legges til en systemtilgang når dere har alle tilgangspakkene systemtilgangen er satt opp med.
clients-search = Søk blant klientene
clients-count = { $count ->
    [one] 1 klient
   *[other] { $count } klienter
}
clients-count-matching = { $count ->
    [one] 1 klient
   *[other] { $count } klienter
} passer med «{ $query }»
clients-none = Virksomheten har ingen klienter ennå. En virksomhet blir klient når den gir dere fullmakt, eller når dere er registrert som regnskapsfører, revisor eller forretningsfører for den i Enhetsregisteret.
clients-no-match = Ingen klienter passer med «{ $query }».
clients-pages = Sider med klienter
client-packages = Tilgangspakker dere har fra kunden
client-no-packages = Dere har ingen tilgangspakker fra { $client }.
client-may-delegate = Kunden kan delegere tilgangspakker til dere under fullmakten.
client-ffor-rule = Rollen som forretningsfører (FFØR) gir tilgangspakken Forretningsfører eiendom bare for borettslag (BRL) og eierseksjonssameier (ESEK). Kunden kan gi dere fullmakt med tilgangspakker.
client-packages-caption = Tilgangspakker og hvor de kommer fra
client-comes-from = Kommer fra
client-status-caption = Om kunden er lagt til, eller kan legges til, hver systemtilgang
client-requires = Krever
client-status = Status
client-can-add = Kan legges til
client-add = Legg til kunden
client-add-to = i { $system }
client-cannot-add = Kan ikke legges til
