## History: the audit events, the filter and the CSV export.

history-lead = What has been done for { $party }, by whom and when, newest first: clients, authorizations, roles and system access. You also see what other organizations have done that concerns you, for example when a client withdraws an authorization.
history-filter = Filter the history
history-fix-first = Correct this before the filter can be used
history-client-help = Name or org. no.
history-also-deleted = Deleted ones too
history-all-system-access = All system access
history-from = From date
history-to = To date (inclusive)
history-date-pattern = dd.mm.yyyy
history-show = Show events
history-reset = Reset the filter
history-count = { $count ->
    [one] 1 event
   *[other] { $count } events
}
history-count-more = Over { $count } events
history-more-hint = The pages show the newest { $count }. Choose a period to see older events, or download them all as CSV.
history-matching = match the filter
history-download = Download as CSV
history-none-matching = No events match the filter. Try another client, system access or period.
history-none = No events yet. Everything done for the organization, and what others do that concerns it, will show here.
history-caption = Events, newest first
history-when = Time
history-who = Done by
history-what = Event
history-cause = Cause: { $cause }
history-pages = Pages of events
history-deleted = deleted
history-date-format = Write the date as dd.mm.yyyy, for example 24.11.2026.
history-date-year = The year must be between 1900 and 2999.
history-date-missing = The date { $date } does not exist.
history-choose-system-access = Choose a system access from the list.
history-to-before-from = The to date cannot be before the from date.
history-unknown-actor = Unknown
history-deleted-system-access = Deleted system access
history-unnamed-system-access = Unnamed system access
history-a-client = a client
history-an-organization = an organization
history-a-deleted-system-access = a deleted system access
history-a-system = a system
history-a-person = a person
history-a-role = a role
history-the-vendor = the vendor
history-packages = { $count ->
    [one] the access package { $names }
   *[other] the access packages { $names }
}
history-with-packages = { $sentence } with { $packages }
event-client-added = Added { $client } to { $access }
event-client-removed = Removed { $client } from { $access }
event-cause-system-user-deleted = The system access was deleted.
event-missing-now = Now missing { $packages }.
event-client-ended = Removed automatically: { $client } from { $access }
event-fullmakt-given = Gave an authorization to { $firm }
event-packages-delegated = Gave { $firm } { $packages } under the authorization
event-more-packages-delegated = Gave { $firm } more access packages under the authorization
event-package-withdrawn = Withdrew { $packages } from { $firm }
event-a-package-withdrawn = Withdrew an access package from { $firm }
event-fullmakt-withdrawn = Withdrew the authorization to { $firm }
event-fullmakt-request-created = Asked { $client } for authorization
event-fullmakt-request-for-access = And to add the client to { $access }.
event-fullmakt-request-accepted = Accepted the request from { $firm } for authorization
event-fullmakt-request-declined = Declined the request from { $firm } for authorization
event-fullmakt-request-withdrawn = Withdrew the request to { $client } for authorization
event-fullmakt-request-expired = The request from { $firm } to { $client } for authorization expired
event-added-automatically = Added automatically.
event-added-automatically-fullmakt = Added automatically: { $client } gave an authorization.
event-added-automatically-role = Added automatically: { $firm } was registered as { $role } for { $client }.
event-added-automatically-changed = Added automatically: { $access } needs fewer access packages after a change the vendor asked for.
event-auto-add-on = Turned on adding new clients automatically to { $access }
event-auto-add-off = Turned off adding new clients automatically to { $access }
event-role-granted = Gave { $person } the role { $role }
event-role-revoked = Took the role { $role } from { $person }
event-register-role-added = Registered { $firm } as { $role } for { $client }
event-register-role-removed = Removed { $firm } as { $role } for { $client }
event-system-registered = Registered the system { $name } ({ $id })
event-system-updated = Updated the system { $name } ({ $id })
event-system-deleted = Deleted the system { $name } ({ $id }) from the system register
event-system-user-created = Created the system access { $access } for { $system }
event-system-user-deleted = { $count ->
    [0] Deleted the system access { $name }
    [one] Deleted the system access { $name } and removed 1 client from it
   *[other] Deleted the system access { $name } and removed { $count } clients from it
}
event-request-created = Asked for a system access to { $system }
event-request-created-for = Asked for a system access to { $system } at { $customer }
event-agent-request-created = Asked for a system access for clients to { $system }
event-agent-request-created-for = Asked for a system access for clients to { $system } at { $customer }
event-request-accepted = Approved the request from { $vendor } for system access to { $system }
event-request-accepted-created = Approved the request from { $vendor } for system access to { $system } and created the system access { $access }
event-request-rejected = Rejected the request from { $vendor } for system access to { $system }
event-request-timed-out = The request for system access to { $system } expired without an answer
event-change-request-created = { $vendor } asked to change the system access { $access }
event-change-request-accepted = Approved the change { $vendor } asked for of the system access { $access }
event-change-request-rejected = Rejected the change { $vendor } asked for of the system access { $access }
event-change-request-deleted = { $vendor } withdrew the request to change the system access { $access }
event-change-request-timed-out = The request to change the system access { $access } expired without an answer
event-change-request-escalated = Sent the request from { $vendor } to change the system access { $access } to the access managers
event-request-escalated = Sent the request from { $vendor } for system access to { $system } to the access managers
event-request-withdrawn = { $vendor } withdrew the request for system access to { $system }
event-request-deleted = { $vendor } deleted the answered request for system access to { $system }
event-cause-no-answer = Nobody answered before the deadline.
event-unknown = Event { $action }
csv-when = time
csv-action = action
csv-description = description
csv-actor = done by
csv-on-behalf-of = on behalf of
csv-client = client
csv-client-name = client name
csv-system-access = system access
csv-cause = cause
event-organization-added = Added { $name } from the Central Coordinating Register to the portal
actor-register = The Central Coordinating Register
actor-command-line = The command line
actor-automatic = Klientdelegering (automatic)
actor-vendor-api = { $vendor } (vendor API)
