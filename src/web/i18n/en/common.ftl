## The frame around every page: top bar, menu, language switch, paging.

skip-to-content = Skip to main content
meta-description = Klientdelegering: give your accountant’s and auditor’s systems access to act for their clients, and see who did what.
meta-description-login = Log in to control which systems may act for your clients, and see who did what.
meta-description-overview = System access: the systems your organization has given access, and the clients each of them may act for.
meta-description-clients = Clients: the organizations yours may act for, by fullmakt or by a role in the Central Coordinating Register.
meta-description-fullmakt = Fullmakter: whom your organization has given fullmakt, and with which access packages.
meta-description-roles = Roles: who in your organization is client administrator or access manager.
meta-description-history = History: who did what to system access, clients and fullmakter, and when.
nav-main = Main menu
nav-system-access = System access
nav-clients = Clients
nav-fullmakt = Authorizations
nav-roles = Roles
nav-history = History
topbar-acting-for = for { $party }
topbar-switch-party = Switch organization
topbar-log-out = Log out
language-switch = Language
pager-previous = Previous
pager-next = Next
pager-page = Page { $page }
cancel = Cancel
search = Search
org-number-short = Org. no.
org-number = Organization number
search-placeholder-name-or-number = Name or organization number
none = None
system = System
vendor = Vendor
kind = Type
access-packages = Access packages
access-package = Access package
about-system = About the system
actions = Actions
client = Client
api-docs-title = API documentation

# What a button says while its action runs (app.js shows it from the click until the answer).
busy = One moment …
busy-removing-client = Removing the client …
busy-deleting = Deleting the system access …
busy-revoking = Removing the role …
busy-withdrawing = Withdrawing …
busy-creating = Creating the system access …
busy-granting-fullmakt = Giving authorization …
busy-approving = Approving …
busy-escalating = Sending …
busy-rejecting = Rejecting …
busy-granting-role = Giving the role …
# When a request from the page fails (app.js shows it).
fetch-failed = Something went wrong. Please try again.
fetch-offline = Could not reach the service. Check your connection and try again.
