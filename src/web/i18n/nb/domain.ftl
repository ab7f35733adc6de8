## The domain's values: access packages, roles, kinds, causes and refusals.

package-regnskapsforer-med-signeringsrettighet = Regnskapsfører med signeringsrettighet
package-regnskapsforer-med-signeringsrettighet-description = Føre regnskap og sende inn og signere det som krever signatur, som skattemelding og årsregnskap.
package-regnskapsforer-uten-signeringsrettighet = Regnskapsfører uten signeringsrettighet
package-regnskapsforer-uten-signeringsrettighet-description = Føre regnskap og forberede innsendinger, uten å kunne signere dem.
package-regnskapsforer-lonn = Regnskapsfører lønn
package-regnskapsforer-lonn-description = Lønn og a-melding for virksomhetens ansatte.
package-ansvarlig-revisor = Ansvarlig revisor
package-ansvarlig-revisor-description = Revidere regnskapet og signere revisjonsberetning som ansvarlig revisor.
package-revisormedarbeider = Revisormedarbeider
package-revisormedarbeider-description = Arbeide med revisjonen for den ansvarlige revisoren.
package-forretningsforer-eiendom = Forretningsfører eiendom
package-forretningsforer-eiendom-description = Forretningsførsel for borettslag og sameier: regnskap, innbetalinger og rapportering.
package-skattegrunnlag = Skattegrunnlag
package-skattegrunnlag-description = Virksomhetens eget skattegrunnlag.
package-a-ordning = A-ordningen
package-a-ordning-description = Virksomhetens egen a-melding.

role-dagl = Daglig leder
role-dagl-description = Kan gjøre alt for virksomheten, også gi og fjerne roller.
role-hadm = Hovedadministrator
role-hadm-description = Kan gjøre alt for virksomheten, også gi og fjerne roller.
role-tilg = Tilgangsstyrer
role-tilg-description = Kan gi og trekke tilbake fullmakter og tilgangspakker, og opprette, godkjenne og slette systemtilganger. Kan se kundene, men ikke legge dem til.
role-kadm = Klientadministrator
role-kadm-description = Kan se virksomhetens systemtilganger, og legge til og fjerne kunder på systemtilganger for kunder.

register-role-regn = Regnskapsfører
register-role-revi = Revisor
register-role-ffor = Forretningsfører
source-fullmakt = fullmakt

kind-agent = Klientsystem
kind-standard = Eget system

list-and = og
list-or = eller

cause-package-withdrawn = Kunden trakk tilbake tilgangspakken { $package }.
cause-fullmakt-withdrawn = Kunden trakk tilbake fullmakten.
cause-package-withdrawn-own = Dere trakk tilbake tilgangspakken { $package }.
cause-fullmakt-withdrawn-own = Dere trakk tilbake fullmakten.
cause-system-user-changed = Systemtilgangen trenger nå tilgangspakker kunden ikke har gitt.
cause-register-role-removed = Rollen som { $role } ({ $code }) er fjernet i Enhetsregisteret.

eligibility-missing = Mangler { $packages }
eligibility-nothing-required = Systemtilgangen er ikke satt opp med noen tilgangspakker.

id-empty = Feltet er tomt.
id-not-digits = Kan bare inneholde sifre og mellomrom.
id-wrong-length = Må ha { $expected } sifre (du skrev { $actual }).
id-checksum = Kontrollsifferet stemmer ikke. Sjekk at nummeret er skrevet riktig.

grant-no-packages = Velg minst én tilgangspakke.
grant-not-delegable = Tilgangspakken { $package } kan ikke delegeres til en annen virksomhet.
grant-unknown-package = Ukjent tilgangspakke.
grant-to-self = En virksomhet kan ikke gi fullmakt til seg selv.
refused-no-relationship = Virksomheten har ikke noe klientforhold til denne kunden.
refused-not-delegated = Kunden er ikke lagt til på systemtilgangen.
