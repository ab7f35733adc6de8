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
request-no-role = The request concerns { $customer } (org. no. { $number }), and you have no role for that organization. Ask the general manager or an access manager there to answer it.
request-other-party = The request concerns another organization than the one you now represent. Open the link to the request again.
request-expired = The request expired on { $date } and can no longer be answered. Ask { $vendor } to send a new one.
request-already-answered = The request has already been answered, perhaps by someone else.
request-system-user-exists = The organization already has a system access for { $system } with the same reference. Reject the request, or delete the other system access first.
request-system-changed = { $vendor } has changed the system since the request was sent, and it no longer gives every access package the request asks for. Reject the request, and ask { $vendor } to send a new one.
request-failed = The request could not be answered. No changes were made.
request-agent-created = The system access “{ $name }” has been created. A client administrator can now add clients.
request-rejected-flash = The request from { $vendor } has been rejected.
