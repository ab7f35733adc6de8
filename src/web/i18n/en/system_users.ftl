## Creating and deleting a system access.

create-system-access-for = Create system access for { $system }
from-vendor = From { $vendor }
system-allowed = What the system will be allowed to do
choose-lead = Choose the system that may act on behalf of { $party }. Systems for your clients come from the vendor, who sends a request.
choose-search = Search for a system
choose-search-placeholder = System name, vendor or system ID
choose-none = The system register has no systems you can create system access for.
choose-no-match = No systems match “{ $query }”.
new-packages-intro = The system can act on behalf of { $party } with these access packages:
new-existing = { $party } already has the system access <a class="ds-link" href="/systemtilganger/{ $id }">{ $name }</a> for this system. Here you can create one system access per system; if you need more, the vendor can ask for them.
new-fix-first = Correct this before you can create the system access
new-name = Name of the system access
new-name-help = The name is shown in the overview of system access.
system-access-created = The system access “{ $name }” has been created.
system-access-name-missing = Enter a name for the system access.
system-access-name-too-long = The name can be at most 200 characters.
system-access-name-taken = The organization already has a system access with this name. Choose another name.
system-access-exists = The organization already has a system access for this system.
delete-system-access-title = Delete { $name }?
delete-body = Once the system access is deleted, { $system } from { $vendor } can no longer use it. This cannot be undone.
delete-body-agent = Once the system access is deleted, { $system } from { $vendor } can no longer use it to act for the clients. This cannot be undone.
delete-clients = { $count ->
    [one] 1 client will be removed from the system access:
   *[other] { $count } clients will be removed from the system access:
}
delete-more = and { $count } more
delete-confirm = Delete the system access
system-access-deleted = { $count ->
    [0] The system access “{ $name }” has been deleted.
    [one] The system access “{ $name }” has been deleted, and 1 client was removed from it.
   *[other] The system access “{ $name }” has been deleted, and { $count } clients were removed from it.
}
