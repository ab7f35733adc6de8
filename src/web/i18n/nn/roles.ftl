## Roller: giving and taking Klientadministrator and Tilgangsstyrar.

roles-lead = Her gir og fjernar du rollene Klientadministrator og Tilgangsstyrar for personar i { $party }. Dagleg leiar kjem frå Einingsregisteret og kan ikkje endrast her.
roles-people = Personar med roller ({ $count })
roles-none = Ingen personar har roller for verksemda.
roles-caption = Personar og rollene deira
roles-name = Namn
roles-birth-date-only = (berre fødselsdatoen blir vist)
roles-revoke-label = Fjern rolla { $role } for { $person }
roles-grant = Gi rolle
roles-grant-help = Finn personen med fødselsnummer og etternamn, slik det står i Folkeregisteret.
roles-fix-first = Du må rette dette før du kan gi rolla
roles-national-id-help = 11 siffer
roles-last-name = Etternamn
roles-role = Rolle
roles-revoke-body = { $person } mistar rolla { $role } for { $party } med ein gong. Du kan gi rolla igjen seinare.
roles-revoke = Fjern rolla
roles-revoke-title = Fjerne rolla { $role } for { $person }?
roles-revoke-title-short = Fjerne rolla { $role }?
roles-person-not-found = Fann ingen person med dette fødselsnummeret og etternamnet.
roles-last-name-missing = Skriv etternamnet til personen.
roles-choose-role = Vel kva rolle personen skal få.
roles-may-not-grant = Du kan ikkje gi rolla { $role }.
roles-may-not-revoke = Du kan ikkje fjerne rolla { $role }, fordi du ikkje kan gi ho.
roles-already-held = Personen har alt rolla { $role }.
roles-granted = { $person } har fått rolla { $role }.
roles-revoked = { $person } har ikkje lenger rolla { $role }.
