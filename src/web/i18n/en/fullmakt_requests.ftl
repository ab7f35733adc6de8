# Requests for fullmakt: the firm asks an organization for an authorization, and the organization answers.

fullmakt-requests-title = Requests for authorization
fullmakt-requests-lead = Ask an organization for an authorization with the access packages a system access needs. The organization answers with one click, and can be added to the system access at once.
fullmakt-requests-none = Your organization has not sent any requests for authorization.
fullmakt-requests-caption = Requests for authorization, newest first
fullmakt-requests-pages = Pages of requests
fullmakt-request-ask = Ask for authorization
fullmakt-request-new-title = Ask for authorization
fullmakt-request-new-lead = The organization gets a link where it sees what you ask for, and accepts or declines.
fullmakt-request-orgnr-help = The organization number of the organization you ask (9 digits).
fullmakt-request-access = System access
fullmakt-request-access-help = Choose the system access the client is to be added to, and the access packages it needs are ticked.
fullmakt-request-no-access = No particular system access
fullmakt-request-fill = Use the system access’s packages
fullmakt-request-packages-help = The access packages you ask for. The client gives exactly these.
fullmakt-request-add = Add the client to the system access once the authorization is given
fullmakt-request-message = Message to the client (optional)
fullmakt-request-message-shown = Message
fullmakt-request-message-help = At most { $max } characters.
fullmakt-request-message-too-long = The message can be at most { $max } characters.
fullmakt-request-send = Send request
busy-sending-request = Sending the request …
fullmakt-request-own = You cannot ask your own organization for authorization.
fullmakt-request-not-an-agent = Choose one of your organization’s system accesses for clients.
fullmakt-request-open-already = { $client } already has an open request from you. Withdraw it before you send a new one.
fullmakt-request-already-held = { $client } has already given you all these access packages.
fullmakt-request-sent = The request to { $client } is sent. Send the link below to the client.
fullmakt-request-to = Request to { $client }
fullmakt-request-sent-on = Sent
fullmakt-request-state = State
fullmakt-request-for-access = for { $access }
fullmakt-request-pending = Waiting for an answer (until { $date })
fullmakt-request-accepted = Accepted { $date }
fullmakt-request-declined = Declined { $date }
fullmakt-request-withdrawn = Withdrawn { $date }
fullmakt-request-expired = Expired { $date }
fullmakt-request-link-title = Link for the client
fullmakt-request-link-help = Send this link to { $client }. Their general manager, main administrator or access manager can answer until { $date }.
fullmakt-request-link = Link
fullmakt-request-withdraw = Withdraw the request
fullmakt-request-withdraw-title = Withdraw the request to { $client }?
fullmakt-request-withdraw-body = { $client } can no longer answer the request. You can send a new one later.
busy-withdrawing-request = Withdrawing …
fullmakt-request-withdrawn-now = The request to { $client } is withdrawn.
fullmakt-request-not-open = The request can no longer be changed: { $state }.
fullmakt-request-again = Send a new request
fullmakt-request-title = Request for authorization
fullmakt-request-asks = { $firm } asks for: { $packages }
fullmakt-request-from = From
fullmakt-request-what = What { $firm } can do with the access packages
fullmakt-request-and-add = { $firm } will also add you to the system access { $access }, so that the system can act for you.
fullmakt-request-answer-by = Can be answered until { $date }.
fullmakt-request-accept = Accept and give authorization
fullmakt-request-decline = Decline
busy-declining-request = Declining …
fullmakt-request-no-role = You cannot answer for { $client }. Their general manager, main administrator or access manager can.
fullmakt-request-switch-lead = { $firm } asks { $client } for authorization
fullmakt-request-switch-must = To answer, you must represent { $client }.
fullmakt-request-accepted-now = { $firm } has been given authorization with { $packages }.
fullmakt-request-accepted-held = { $firm } already had all the access packages you were asked for. The request is accepted.
fullmakt-request-added-to = You are added to the system access { $access }.
fullmakt-request-not-added = You were not added to the system access { $access }: it also needs { $packages }.
fullmakt-request-declined-now = The request from { $firm } is declined. Nothing was given.
fullmakt-requests-received = { $count ->
    [one] A request waiting for your answer
   *[other] { $count } requests waiting for your answer
}
fullmakt-request-open = See the request
from-firm = from { $firm }
clients-requests-link = Requests for authorization
client-ask-fullmakt = Ask for authorization
add-ask-fullmakt = Ask { $client } for authorization
fullmakt-added-automatically = { $count ->
    [one] { $firm } has added you to a system access automatically.
   *[other] { $firm } has added you to { $count } system accesses automatically.
}
