## Creating and deleting a system access.

create-system-access-for = Opprett systemtilgang for { $system }
from-vendor = Frå { $vendor }
system-allowed = Dette får systemet lov til
choose-lead = Vel systemet som skal få handle på vegner av { $party }. System for kundane dykkar får de frå leverandøren, som sender ein førespurnad.
choose-search = Søk etter system
choose-search-placeholder = Systemnamn, leverandør eller system-ID
choose-none = Systemregisteret har ingen system de kan opprette systemtilgang for.
choose-no-match = Ingen system passar med «{ $query }».
new-packages-intro = Systemet kan handle på vegner av { $party } med desse tilgangspakkane:
new-existing = { $party } har alt systemtilgangen <a class="ds-link" href="/systemtilganger/{ $id }">{ $name }</a> for dette systemet. Her kan de opprette éin systemtilgang per system; treng de fleire, kan leverandøren be om dei.
new-fix-first = Du må rette dette før du kan opprette systemtilgangen
new-name = Namn på systemtilgangen
new-name-help = Namnet blir vist i oversikta over systemtilgangar.
system-access-created = Systemtilgangen «{ $name }» er oppretta.
system-access-name-missing = Skriv eit namn på systemtilgangen.
system-access-name-too-long = Namnet kan vere høgst 200 teikn.
system-access-name-taken = Verksemda har alt ein systemtilgang med dette namnet. Vel eit anna namn.
system-access-exists = Verksemda har alt ein systemtilgang for dette systemet.
delete-system-access-title = Slette { $name }?
delete-body = Når systemtilgangen blir sletta, kan { $system } frå { $vendor } ikkje lenger bruke han. Dette kan ikkje angrast.
delete-body-agent = Når systemtilgangen blir sletta, kan { $system } frå { $vendor } ikkje lenger bruke han til å handle for kundane. Dette kan ikkje angrast.
delete-clients = { $count ->
    [one] 1 kunde blir fjerna frå systemtilgangen:
   *[other] { $count } kundar blir fjerna frå systemtilgangen:
}
delete-more = og { $count } til
delete-confirm = Slett systemtilgangen
system-access-deleted = { $count ->
    [0] Systemtilgangen «{ $name }» er sletta.
    [one] Systemtilgangen «{ $name }» er sletta, og 1 kunde er fjerna frå han.
   *[other] Systemtilgangen «{ $name }» er sletta, og { $count } kundar er fjerna frå han.
}
