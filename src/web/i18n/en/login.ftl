## Logging in, choosing whom to represent, and the login with ID-porten.

national-id = National identity number
login-title = Log in
login-idporten-intro = You log in with ID-porten: MinID, BankID, Buypass or Commfides.
login-idporten = Log in with ID-porten
login-test-title = Test login
login-test-lead = Test login.
login-test-intro = This login is for testing and demos only: you log in with a test person's national identity number, without a password.
login-fix-first = Correct this before you can log in
login-national-id-help = 11 digits, for example 038280 40110
login-submit = Log in
login-unknown-person = No test person has this national identity number.
login-failed-code = Error code from ID-porten:
login-failed-back = Back to the login
party-title = Whom do you want to represent?
party-none = You have no role that entitles you to represent an organization here. Ask the general manager or a main administrator of the organization to give you a role.
party-not-allowed = You have no role that entitles you to represent this organization.

oidc-none-started = We found no login in progress in this browser. It may already have been completed, or started in another tab or browser. Start the login again.
oidc-wrong-state = The answer from ID-porten did not belong to the login you started here, and was refused. Start the login again.
oidc-too-old = The login took too long (more than 10 minutes). Start the login again.
oidc-cancelled = The login was cancelled in ID-porten. You are not logged in.
oidc-provider-error = ID-porten could not complete the login. You are not logged in. Try again.
oidc-no-code = The answer from ID-porten had no login code. Start the login again.
oidc-unavailable = ID-porten is not answering right now, so we cannot log you in. Try again in a little while.
oidc-code-refused = ID-porten did not accept the login. It may already have been used or be too old. Start the login again.
oidc-id-token = We could not verify the login from ID-porten, and you are not logged in. Start the login again.
oidc-level-too-low = The login had too low a level of assurance for this service. Log in with an electronic ID at level substantial or high (MinID, BankID, Buypass or Commfides).
oidc-unknown-person = You are logged in to ID-porten, but your national identity number is not registered in Klientdelegering. Ask the general manager or a main administrator of your organization to give you a role.
oidc-title-unavailable = ID-porten is not available
oidc-title-cancelled = The login was cancelled
oidc-title-unknown-person = You do not have access to Klientdelegering
oidc-title-failed = The login failed
