## Clients: the firm's clients, and one client.

org-form = Organization form
relationship = Client relationship
system-access = System access
clients-client = Client
clients-lead = The organizations { $party } has a client relationship with, either through a role in the Central Coordinating Register or an authorization the client has given, and the access packages it gives. A client can be added to a system access when you hold every access package the system access is set up with.
clients-search = Search the clients
clients-count = { $count ->
    [one] 1 client
   *[other] { $count } clients
}
clients-count-matching = { $count ->
    [one] 1 client matches
   *[other] { $count } clients match
} “{ $query }”
clients-none = The organization has no clients yet. An organization becomes a client when it gives you an authorization, or when you are registered as its accountant, auditor or business manager in the Central Coordinating Register.
clients-no-match = No clients match “{ $query }”.
clients-pages = Pages of clients
client-packages = Access packages you hold from the client
client-no-packages = You hold no access packages from { $client }.
client-may-delegate = The client can delegate access packages to you under the authorization.
client-ffor-rule = The business manager role (FFØR) gives the access package Business manager real estate only for housing cooperatives (BRL) and condominiums (ESEK). The client can give you an authorization with access packages.
client-packages-caption = Access packages and where they come from
client-comes-from = Comes from
client-status-caption = Whether the client is added, or can be added, to each system access
client-requires = Requires
client-status = Status
client-can-add = Can be added
client-add = Add the client
client-add-to = to { $system }
client-cannot-add = Cannot be added
