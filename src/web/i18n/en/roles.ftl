## Roles: giving and taking Client administrator and Access manager.

roles-lead = Here you give and remove the roles Client administrator and Access manager for people in { $party }. The general manager comes from the Central Coordinating Register and cannot be changed here.
roles-people = People with roles ({ $count })
roles-none = Nobody has a role for the organization.
roles-caption = People and their roles
roles-name = Name
roles-birth-date-only = (only the date of birth is shown)
roles-revoke-label = Remove the role { $role } from { $person }
roles-grant = Give a role
roles-grant-help = Find the person by national identity number and last name, as in the National Population Register.
roles-fix-first = Correct this before you can give the role
roles-national-id-help = 11 digits
roles-last-name = Last name
roles-role = Role
roles-revoke-body = { $person } loses the role { $role } for { $party } at once. You can give the role again later.
roles-revoke = Remove the role
roles-revoke-title = Remove the role { $role } from { $person }?
roles-revoke-title-short = Remove the role { $role }?
roles-person-not-found = Found no person with this national identity number and last name.
roles-last-name-missing = Enter the person's last name.
roles-choose-role = Choose which role the person is to get.
roles-may-not-grant = You cannot give the role { $role }.
roles-may-not-revoke = You cannot remove the role { $role }, because you cannot give it.
roles-already-held = The person already has the role { $role }.
roles-granted = { $person } has been given the role { $role }.
roles-revoked = { $person } no longer has the role { $role }.
