## A vendor's request for a system access.

request-title = Request for system access
request-lead = { $vendor } asks for a system access that can act for { $customer }.
request-lead-agent = { $vendor } asks for a system access that can act for the clients of { $customer }.
request-sent = Sent
request-agent-rule = The system access acts only for clients that a client administrator adds, and only for clients that have given { $customer } these access packages.
request-expires = The request expires on { $date }.
request-return = When you have answered, you will be sent back to { $host }.
request-approve = Approve
request-reject = Reject
request-to-overview = To System access
request-switch-lead = { $vendor } asks for a system access for { $customer }
request-switch-current = You are now representing { $party }.
request-switch-must = To see and answer the request you must represent { $customer }.
request-represent = Represent { $customer }
request-accepted = The request was approved on { $date }.
request-rejected = The request was rejected on { $date }.
request-timed-out = The request expired on { $date } without an answer. Ask { $vendor } to send a new one.
request-other-party = The request concerns another organization than the one you now represent. Open the link to the request again.
request-expired = The request expired on { $date } and can no longer be answered. Ask { $vendor } to send a new one.
request-already-answered = The request has already been answered, perhaps by someone else.
request-system-user-exists = The organization already has a system access for { $system } with the same reference. Reject the request, or delete the other system access first.
request-system-changed = { $vendor } has changed the system since the request was sent, and it no longer gives every access package the request asks for. Reject the request, and ask { $vendor } to send a new one.
request-system-deleted = { $vendor } has deleted the system from the system register, so the request can no longer be approved. Reject it.
request-failed = The request could not be answered. No changes were made.
request-rejected-flash = The request from { $vendor } has been rejected.
request-may-not-answer = Only the general manager, a main administrator or an access manager can approve or reject the request. Send it to them, and they will see it first under System access.
request-escalate = Send to access manager
request-escalated = The request for { $system } has been sent to the access managers. The general manager, main administrators and access managers see it first under System access.
request-escalated-before = The request for { $system } had already been sent to the access managers.
request-escalated-by = Sent to the access managers on { $date } by { $person }.
receipt-title = The request is approved
receipt-approved = { $person } approved the request from { $vendor } for system access to { $system } on { $date }. The system access “{ $name }” has been created with the access packages below.
receipt-next-agent = Next step: add the clients the system is to act for, with “Add clients”.
receipt-next-agent-other = Next step: a client administrator adds the clients the system is to act for.
receipt-back = Back to { $vendor }
change-title = Change of system access
change-lead = { $vendor } asks to change the access packages of the system access “{ $access }”.
change-switch-lead = { $vendor } asks to change a system access at { $customer }
change-now = Access packages now
change-added = Added
change-removed = Removed
change-ending = { $count ->
    [one] One client is removed from the system access
   *[other] { $count } clients are removed from the system access
}
change-ending-why = These clients have not given the organization every access package the system access needs after the change. If you approve, they are removed at once.
change-ending-more = and { $count } more
change-approve-ending = { $count ->
    [one] Approve and remove one client
   *[other] Approve and remove { $count } clients
}
change-may-not-answer = Only the general manager, a main administrator or an access manager can approve or reject the change.
change-accepted = The change was approved on { $date }.
change-rejected = The change was rejected on { $date }.
change-timed-out = The request for a change expired without an answer. Ask { $vendor } to send a new one.
change-rejected-flash = The change { $vendor } asked for is rejected.
change-to-access = To the system access { $access }
change-escalated = The change of “{ $access }” has been sent to the access managers. The general manager, main administrator and access managers see it first under System access.
change-escalated-before = The change of “{ $access }” had already been sent to the access managers.
change-receipt-title = The change is approved
change-receipt = { $person } approved the change { $vendor } asked for to the system access “{ $name }” on { $date }. The access packages it has now are listed below.
change-receipt-ended = { $count ->
    [one] One client was removed because it has not given every access package the system access needs now.
   *[other] { $count } clients were removed because they have not given every access package the system access needs now.
}
change-receipt-added = { $count ->
    [one] One client was added automatically, because the system access now needs fewer access packages.
   *[other] { $count } clients were added automatically, because the system access now needs fewer access packages.
}
