## The domain's values: access packages, roles, kinds, causes and refusals.

package-regnskapsforer-med-signeringsrettighet = Rekneskapsførar med signeringsrett
package-regnskapsforer-med-signeringsrettighet-description = Føre rekneskap og sende inn og signere det som krev signatur, som skattemelding og årsrekneskap.
package-regnskapsforer-uten-signeringsrettighet = Rekneskapsførar utan signeringsrett
package-regnskapsforer-uten-signeringsrettighet-description = Føre rekneskap og førebu innsendingar, utan å kunne signere dei.
package-regnskapsforer-lonn = Rekneskapsførar løn
package-regnskapsforer-lonn-description = Løn og a-melding for dei tilsette i verksemda.
package-ansvarlig-revisor = Ansvarleg revisor
package-ansvarlig-revisor-description = Revidere rekneskapen og signere revisjonsmelding som ansvarleg revisor.
package-revisormedarbeider = Revisormedarbeidar
package-revisormedarbeider-description = Arbeide med revisjonen for den ansvarlege revisoren.
package-forretningsforer-eiendom = Forretningsførar eigedom
package-forretningsforer-eiendom-description = Forretningsførsel for burettslag og sameige: rekneskap, innbetalingar og rapportering.
package-skattegrunnlag = Skattegrunnlag
package-skattegrunnlag-description = Skattegrunnlaget til verksemda sjølv.
package-a-ordning = A-ordninga
package-a-ordning-description = A-meldinga til verksemda sjølv.

role-dagl = Dagleg leiar
role-dagl-description = Kan gjere alt for verksemda, også gi og fjerne roller.
role-hadm = Hovudadministrator
role-hadm-description = Kan gjere alt for verksemda, også gi og fjerne roller.
role-tilg = Tilgangsstyrar
role-tilg-description = Kan gi og trekkje tilbake fullmakter og tilgangspakkar, og opprette, godkjenne og slette systemtilgangar. Kan sjå kundane, men ikkje leggje dei til.
role-kadm = Klientadministrator
role-kadm-description = Kan sjå systemtilgangane til verksemda, og leggje til og fjerne kundar på systemtilgangar for kundar.

register-role-regn = Rekneskapsførar
register-role-revi = Revisor
register-role-ffor = Forretningsførar
source-fullmakt = fullmakt

kind-agent = Klientsystem
kind-standard = Eige system

list-and = og
list-or = eller

cause-package-withdrawn = Kunden trekte tilbake tilgangspakken { $package }.
cause-fullmakt-withdrawn = Kunden trekte tilbake fullmakta.
cause-package-withdrawn-own = De trekte tilbake tilgangspakken { $package }.
cause-fullmakt-withdrawn-own = De trekte tilbake fullmakta.
cause-system-user-changed = Systemtilgangen treng no tilgangspakkar kunden ikkje har gitt.
cause-register-role-removed = Rolla som { $role } ({ $code }) er fjerna i Einingsregisteret.

eligibility-missing = Manglar { $packages }
eligibility-nothing-required = Systemtilgangen er ikkje sett opp med nokon tilgangspakkar.

id-empty = Feltet er tomt.
id-not-digits = Kan berre innehalde siffer og mellomrom.
id-wrong-length = Må ha { $expected } siffer (du skreiv { $actual }).
id-checksum = Kontrollsifferet stemmer ikkje. Sjekk at nummeret er skrive rett.

grant-no-packages = Vel minst éin tilgangspakke.
grant-not-delegable = Tilgangspakken { $package } kan ikkje delegerast til ei anna verksemd.
grant-unknown-package = Ukjend tilgangspakke.
grant-to-self = Ei verksemd kan ikkje gje fullmakt til seg sjølv.
refused-no-relationship = Verksemda har ikkje noko klientforhold til denne kunden.
refused-not-delegated = Kunden er ikkje lagd til på systemtilgangen.
