## Authorizations (fullmakter): what the organization has given other firms.

give-fullmakt = Give authorization
give-fullmakt-to = Give authorization to { $firm }
organization = Organization
to-firm = to { $firm }
withdraw = Withdraw
withdraw-fullmakt = Withdraw the authorization
find-lead = Find the organization that is to get the authorization, for example your accountant. You see the organization's name and choose access packages before anything is given.
find-fix-first = Correct this before you can go on
find-label = Organization number or name
find-help = 9 digits, for example 311 037 889, or part of the name
find-submit = Find organization
find-hits = { $count ->
    [0] No matches
    [one] 1 organization
   *[other] { $count } organizations
}
find-no-match = Found no organizations with “{ $query }” in the name. Try another part of the name, or enter the organization number.
find-own-organization = This is the organization you represent. Enter the organization number of the organization that is to get the authorization.
find-unknown-number = Found no organization with organization number { $number }.
grant-existing = { $firm } already has an authorization from { $party }. Choose the access packages you want to add.
grant-all-held = { $firm } already holds every access package that can be delegated to another organization.
grant-back = Back to authorizations
grant-fix-first = Correct this before you can give the authorization
grant-help = { $firm } may do what the access packages give access to, for { $party }. Choose only what the organization needs.
grant-held = (already held)
fullmakt-lead = Authorizations { $party } has given other organizations, for example an accountant or an auditor, with the access packages they have received. The organization can only use the access packages you have given it.
fullmakt-none = You have not given an authorization to any organization.
fullmakt-given-on = Authorization given { $date }
fullmakt-no-packages = No access packages are delegated under this authorization.
fullmakt-packages-caption = Access packages delegated to { $firm }
fullmakt-delegated = Delegated
withdraw-package-label = Withdraw { $package } from { $firm }
fullmakt-delegate-more = Delegate more access packages
withdraw-loses-package = loses the access package { $package }. They keep the authorization and the other access packages.
withdraw-loses-fullmakt = loses the authorization and every access package under it.
withdraw-none-lost = None of { $firm }'s system accesses lose you as a client.
withdraw-lost = { $count ->
    [one] This system access
   *[other] These system accesses
} at { $firm } lose you as a client at once:
withdraw-package-title = Withdraw { $package } from { $firm }?
withdraw-fullmakt-title = Withdraw the authorization to { $firm }?
fullmakt-given = { $count ->
    [one] { $firm } has been given an authorization with the access package { $packages }.
   *[other] { $firm } has been given an authorization with the access packages { $packages }.
}
packages-given = { $count ->
    [one] { $firm } has been given the access package { $packages }.
   *[other] { $firm } has been given the access packages { $packages }.
}
packages-held-before = They already held { $packages }.
package-withdrawn = The access package { $package } has been withdrawn from { $firm }.
fullmakt-withdrawn = The authorization to { $firm } has been withdrawn.
withdrawn-no-longer-acts = { $systems } no longer act for { $party }.
fullmakt-already-delegated = { $count ->
    [one] { $firm } already holds the access package { $packages } from you.
   *[other] { $firm } already holds the access packages { $packages } from you.
}
fullmakt-not-given = You have no authorization to this organization. It may already have been withdrawn.
fullmakt-package-not-delegated = The access package { $package } has already been withdrawn.
