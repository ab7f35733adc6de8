## System access: the overview, a system access and removing a client from it.

breadcrumbs = Breadcrumbs
create-system-access = Create system access
delete-system-access = Delete system access
add-clients = Add clients
add-or-remove-clients = Add or remove clients
remove = Remove
cause = Cause
org-number-lower = org. no.
by-person = by { $person }
system-from-vendor = { $system } from { $vendor }
client-count = { $count ->
    [one] 1 client
   *[other] { $count } clients
}
overview-title = System access
overview-lead = System access lets software act on behalf of the organization, or on behalf of its clients.
overview-requests = Requests waiting for an answer
overview-requests-who = The general manager, a main administrator or an access manager can approve or reject the requests. Send a request to them, and they will see it first.
overview-request-meta = From { $vendor } · { $kind } · expires { $date }
overview-request-asks = Asks for:
overview-change-title = Change of “{ $access }”
overview-change-meta = From { $vendor } · { $system } · expires { $date }
overview-agents = System access for clients
overview-no-agents = The organization has no system access for clients.
overview-own = System access for the organization itself
overview-no-own = The organization has no system access for its own systems.
detail-clients = Clients ({ $count })
detail-clients-matching = Clients ({ $shown } of { $count })
detail-read-only = Only client administrators can manage clients.
detail-ended-one = { $client } was removed automatically on { $date }: { $cause }
detail-ended-many = { $count } clients have been removed automatically in the last { $days } days, most recently { $client } on { $date }.
detail-see-ended = See clients that were removed automatically
detail-search = Search the clients
detail-no-clients = No clients have been added yet.
detail-no-match = No clients match “{ $query }”.
detail-clients-caption = Clients the system access can act for
detail-added = Added
detail-remove-label = Remove { $client }
detail-pages = Pages of clients
detail-ended-title = Clients removed automatically
detail-ended-showing = Showing the latest { $shown } of { $count } in the last { $days } days.
detail-ended-explained = When a client withdraws an authorization or an access package, or a role disappears from the Central Coordinating Register, the client is removed from the system access if you no longer hold every access package it requires.
detail-ended-caption = Clients removed automatically, with date and cause
detail-removed = Removed
detail-own-system = This is a system access for the organization's own system. It acts only for the owner of { $name }, and has no clients.
remove-client-title = Remove { $client }?
remove-client-body = { $system } will no longer be able to act on behalf of { $client }
remove-client-again = You can add the client again later.
remove-client = Remove the client
client-removed = { $client } has been removed from the system access.
remove-selected = Remove selected
remove-all = { $count ->
    [one] Remove the one client
   *[other] Remove all { $count } clients
}
select-page = Select every client on the page
select-client = Select { $client }
remove-hits = { $count ->
    [one] Remove the one match
   *[other] Remove the { $count } matches
}
remove-many-hits-body = { $count ->
    [one] The system access { $system } loses access to act for the client matching “{ $query }”:
   *[other] The system access { $system } loses access to act for the { $count } clients matching “{ $query }”:
}
remove-many-more = and { $count } more
remove-many-hits-changed = The search matches { $now } clients now, not { $seen }. None was removed; look over the list and try again.
remove-many-nothing = You have not selected any clients. Tick the clients you want to remove.
remove-many-title = { $count ->
    [one] Remove 1 client from { $system }?
   *[other] Remove { $count } clients from { $system }?
}
remove-many-body = { $count ->
    [one] The system access { $system } loses the right to act for this client:
   *[other] The system access { $system } loses the right to act for these { $count } clients:
}
remove-many-all-body = { $count ->
    [one] The system access { $system } loses the right to act for its one client.
   *[other] The system access { $system } loses the right to act for all its { $count } clients.
}
remove-many-confirm = { $count ->
    [one] Remove the client
   *[other] Remove { $count } clients
}
remove-many-busy = { $count ->
    [one] Removing the client …
   *[other] Removing { $count } clients …
}
remove-many-already-gone = The clients were already removed. Nothing was changed.
remove-many-changed = The system access has { $now } clients now, not { $seen }. None was removed; look over the list and try again.
remove-many-again = { $count ->
    [one] You can add the client again later.
   *[other] You can add them again later.
}
auto-add-title = Add new clients automatically to { $access }?
auto-add-explained = When a client gives an authorization with the access packages { $access } needs, accepts a request for authorization, or your organization is registered as its accountant or auditor in the Central Coordinating Register, the client is added here at once. The history shows each client added, and why.
auto-add-none-now = No client can be added right now.
auto-add-also-now = { $count ->
    [one] Also add the one client that can be added now
   *[other] Also add the { $count } clients that can be added now
}
auto-add-turn-on = Turn on
auto-add-on = New clients are added automatically
auto-add-on-explained = Clients that give your organization every access package the system access needs are added here by themselves.
auto-add-off-explained = New clients are not added by themselves.
auto-add-button-on = Add new clients automatically
auto-add-button-off = Turn off automatic adding
auto-add-on-now = New clients are now added automatically to { $access }.
auto-add-off-now = New clients are no longer added automatically to { $access }.
detail-added-automatically = automatically
own-on = Your organization is added
own-explained = The system access can also act for your organization itself, with the same access packages.
own-button-on = Add your organization
own-button-off = Remove your organization
own-added = { $firm } has been added to { $access }.
own-removed = { $firm } has been removed from { $access }.
own-already = { $firm } was already added to { $access }.
own-not-there = { $firm } was not added to { $access }.
