## Error pages and the messages of refused requests.

error-go-home = Go to the front page
error-forbidden-title = You do not have access
error-who-may = { $roles } can do this.
error-holders = At { $org }, these people hold one of those roles: { $names }.
error-no-holders = Nobody at { $org } holds one of those roles now.
error-not-found-title = Page not found
error-not-found = The page does not exist, or you do not have access to it for the organization you represent.
error-bad-request-title = Something was wrong with the request
error-too-many-title = Too many attempts
error-too-many = There have been too many login attempts in a short time. Wait a minute and try again.
error-conflict-title = No changes were made
error-gone = What you asked for does not exist, or has already been removed.
error-unavailable-title = The service is temporarily unavailable
error-unavailable = The service is temporarily unavailable. Nothing has been changed – try again in a little while.
error-internal-title = Something went wrong on our side
error-internal = No changes were made. Try again in a little while.
error-csrf = The form is too old or did not come from the portal. Reload the page and try again.
error-cross-site = The request came from another website and was refused. Go to the portal and try again.
error-bad-parameter = The address has an invalid parameter ({ $error }).
error-form-unreadable = The form could not be read.
error-form-too-large = The form is too large.
error-form = The form could not be read. Reload the page and try again.
forbidden-system-users = Only the general manager, a main administrator or an access manager can create, approve and delete system access.
forbidden-no-role = You do not have a role that gives access to this for the organization you represent.
error-unstorable-text = The text contains a character that cannot be used (a null character, NUL). Remove it and try again.
