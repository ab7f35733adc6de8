## Roller: giving and taking Klientadministrator and Tilgangsstyrer.

roles-lead = Her gir og fjerner du rollene Klientadministrator og Tilgangsstyrer for personer i { $party }. Daglig leder kommer fra Enhetsregisteret og kan ikke endres her.
roles-people = Personer med roller ({ $count })
roles-none = Ingen personer har roller for virksomheten.
roles-caption = Personer og rollene deres
roles-name = Navn
roles-birth-date-only = (bare fødselsdatoen vises)
roles-revoke-label = Fjern rollen { $role } for { $person }
roles-grant = Gi rolle
roles-grant-help = Finn personen med fødselsnummer og etternavn, slik det står i Folkeregisteret.
roles-fix-first = Du må rette dette før du kan gi rollen
roles-national-id-help = 11 sifre
roles-last-name = Etternavn
roles-role = Rolle
roles-revoke-body = { $person } mister rollen { $role } for { $party } med en gang. Du kan gi rollen igjen senere.
roles-revoke = Fjern rollen
roles-revoke-title = Fjerne rollen { $role } for { $person }?
roles-revoke-title-short = Fjerne rollen { $role }?
roles-person-not-found = Fant ingen person med dette fødselsnummeret og etternavnet.
roles-last-name-missing = Skriv etternavnet til personen.
roles-choose-role = Velg hvilken rolle personen skal få.
roles-may-not-grant = Du kan ikke gi rollen { $role }.
roles-may-not-revoke = Du kan ikke fjerne rollen { $role }, fordi du ikke kan gi den.
roles-already-held = Personen har allerede rollen { $role }.
roles-granted = { $person } har fått rollen { $role }.
roles-revoked = { $person } har ikke lenger rollen { $role }.
