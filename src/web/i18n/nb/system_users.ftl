## Creating and deleting a system access.

create-system-access-for = Opprett systemtilgang for { $system }
from-vendor = Fra { $vendor }
system-allowed = Dette får systemet lov til
choose-lead = Velg systemet som skal få handle på vegne av { $party }. Systemer for kundene deres får dere fra leverandøren, som sender en forespørsel.
choose-search = Søk etter system
choose-search-placeholder = Systemnavn, leverandør eller system-ID
choose-none = Systemregisteret har ingen systemer dere kan opprette systemtilgang for.
choose-no-match = Ingen systemer passer med «{ $query }».
new-packages-intro = Systemet kan handle på vegne av { $party } med disse tilgangspakkene:
new-existing = { $party } har allerede systemtilgangen <a class="ds-link" href="/systemtilganger/{ $id }">{ $name }</a> for dette systemet. Her kan dere opprette én systemtilgang per system; trenger dere flere, kan leverandøren be om dem.
new-fix-first = Du må rette dette før du kan opprette systemtilgangen
new-name = Navn på systemtilgangen
new-name-help = Navnet vises i oversikten over systemtilganger.
system-access-created = Systemtilgangen «{ $name }» er opprettet.
system-access-name-missing = Skriv et navn på systemtilgangen.
system-access-name-too-long = Navnet kan være høyst 200 tegn.
system-access-name-taken = Virksomheten har allerede en systemtilgang med dette navnet. Velg et annet navn.
system-access-exists = Virksomheten har allerede en systemtilgang for dette systemet.
delete-system-access-title = Slette { $name }?
delete-body = Når systemtilgangen slettes, kan { $system } fra { $vendor } ikke lenger bruke den. Dette kan ikke angres.
delete-body-agent = Når systemtilgangen slettes, kan { $system } fra { $vendor } ikke lenger bruke den til å handle for kundene. Dette kan ikke angres.
delete-clients = { $count ->
    [one] 1 kunde blir fjernet fra systemtilgangen:
   *[other] { $count } kunder blir fjernet fra systemtilgangen:
}
delete-more = og { $count } til
delete-confirm = Slett systemtilgangen
system-access-deleted = { $count ->
    [0] Systemtilgangen «{ $name }» er slettet.
    [one] Systemtilgangen «{ $name }» er slettet, og 1 kunde er fjernet fra den.
   *[other] Systemtilgangen «{ $name }» er slettet, og { $count } kunder er fjernet fra den.
}
