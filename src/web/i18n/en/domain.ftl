## The domain's values: access packages, roles, kinds, causes and refusals.

package-regnskapsforer-med-signeringsrettighet = Accountant with signing rights
package-regnskapsforer-med-signeringsrettighet-description = Keep the accounts, and submit and sign what needs a signature, such as the tax return and the annual accounts.
package-regnskapsforer-uten-signeringsrettighet = Accountant without signing rights
package-regnskapsforer-uten-signeringsrettighet-description = Keep the accounts and prepare submissions, without being able to sign them.
package-regnskapsforer-lonn = Accountant payroll
package-regnskapsforer-lonn-description = Payroll and the a-melding for the organization's employees.
package-ansvarlig-revisor = Responsible auditor
package-ansvarlig-revisor-description = Audit the accounts and sign the auditor's report as the responsible auditor.
package-revisormedarbeider = Audit associate
package-revisormedarbeider-description = Work on the audit for the responsible auditor.
package-forretningsforer-eiendom = Business manager real estate
package-forretningsforer-eiendom-description = Business management for housing cooperatives and condominiums: accounts, payments and reporting.
package-skattegrunnlag = Tax basis
package-skattegrunnlag-description = The organization's own tax basis.
package-a-ordning = The a-ordning
package-a-ordning-description = The organization's own a-melding.

role-dagl = General manager
role-dagl-description = Can do everything for the organization, including giving and removing roles.
role-hadm = Main administrator
role-hadm-description = Can do everything for the organization, including giving and removing roles.
role-tilg = Access manager
role-tilg-description = Can give and withdraw authorizations and access packages, and create, approve and delete system access. Can see the clients, but not add them.
role-kadm = Client administrator
role-kadm-description = Can see the organization's system access, and add and remove clients on system access for clients.

register-role-regn = Accountant
register-role-revi = Auditor
register-role-ffor = Business manager
source-fullmakt = authorization

kind-agent = Client system
kind-standard = Own system

list-and = and
list-or = or

cause-package-withdrawn = The client withdrew the access package { $package }.
cause-fullmakt-withdrawn = The client withdrew the authorization.
cause-package-withdrawn-own = You withdrew the access package { $package }.
cause-fullmakt-withdrawn-own = You withdrew the authorization.
cause-system-user-changed = The system access now needs access packages the client has not given.
cause-register-role-removed = The { $role } role ({ $code }) has been removed in the Central Coordinating Register.

eligibility-missing = Missing { $packages }
eligibility-nothing-required = The system access is not set up with any access packages.

id-empty = The field is empty.
id-not-digits = Can only contain digits and spaces.
id-wrong-length = Must have { $expected } digits (you entered { $actual }).
id-checksum = The check digit does not match. Check that the number is entered correctly.

grant-no-packages = Choose at least one access package.
grant-not-delegable = The access package { $package } cannot be delegated to another organization.
grant-unknown-package = Unknown access package.
grant-to-self = An organization cannot give an authorization to itself.
refused-no-relationship = The organization has no client relationship with this client.
refused-not-delegated = The client is not on the system access.
