## Add clients: the dialog that adds clients to an agent system access.

close = Close
add-confirm = Confirm and close
add-busy = { $count ->
    [0] One moment …
    [one] Adding 1 client …
   *[other] Adding { $count } clients …
}
add-busy-removing = { $added ->
    [0] { $removed ->
        [one] Removing 1 client …
       *[other] Removing { $removed } clients …
    }
   *[other] Adding { $added } and removing { $removed } …
}
add-intro = Choose the clients that <strong>{ $system }</strong> may act on behalf of.
add-intro-rule = Only clients from whom the organization holds every access package the system access requires can be chosen:
add-search = Search for a client
add-dropped = { $count ->
    [one] 1 of the clients you had chosen
   *[other] { $count } of the clients you had chosen
} can no longer be added (someone else added them, or the client relationship changed), and { $count ->
    [one] was
   *[other] were
} taken out of the selection.
add-hide-added = Hide clients that are already added
add-update = Update the list
add-select-all = { $count ->
    [one] Select the one available client
   *[other] Select all { $count } available
}
add-clear = Clear the selection
add-clear-search = Clear the search
add-empty-no-clients-title = The organization has no clients yet
add-empty-no-clients = A client comes when it gives the organization an authorization, or when the Central Coordinating Register lists the organization as its accountant, auditor or business manager.
add-empty-see-clients = Go to Clients
add-empty-none-eligible = { $count ->
    [one] The organization's one client does not have every access package the system access requires.
   *[other] None of the organization's { $count } clients has every access package the system access requires.
} See what is missing below.
add-discard-question = { $count ->
    [one] Discard the selected client?
   *[other] Discard { $count } selected clients?
}
add-discard-info = The clients are not added yet. If you close, the selection is gone.
add-discard = Discard the selection
add-keep-choosing = Keep choosing
add-select-hits = { $count ->
    [one] Select the hit
   *[other] Select the { $count } hits
}
add-too-many-hits = The search has { $count } hits that can be added. Narrow the search to select the hits at once, or select all.
add-no-match-unavailable = { $count ->
    [one] 1 client that matches cannot be added; see why below.
   *[other] { $count } clients that match cannot be added; see why below.
}
add-added-by = { $date } by { $person }
add-show-selected = Show selected ({ $count })
add-show-unselected = Show those not selected ({ $count })
add-names-more = and { $count } more
add-no-match = No available clients match “{ $query }”.
add-all-added = All available clients are already added.
add-nothing-to-show = No clients to show.
add-legend = Available clients, page { $page } of { $pages }
add-already-added = Already added
add-pages = Pages of available clients
add-unavailable = Clients that cannot be added ({ $count })
add-unavailable-rule = The organization must hold every access package the system access is set up with from the client, through roles in the Central Coordinating Register or an authorization.
add-unavailable-first = Showing the first { $shown }. Search by name or organization number to find a particular client.
selection-removing = { $count ->
    [one] 1 client to be removed
   *[other] { $count } clients to be removed
}
removed-count = { $count ->
    [one] 1 client was removed.
   *[other] { $count } clients were removed.
}
add-will-be-removed = To be removed
selection-all = All { $count } available clients are selected
selection-count = { $count ->
    [0] No clients selected
    [one] 1 client selected
   *[other] { $count } clients selected
}
added-one = { $client } has been added.
added-count = { $count ->
    [0] No new clients were added.
    [one] 1 client has been added.
   *[other] { $count } clients have been added.
}
added-already = { $count ->
    [one] 1 of those chosen was already added.
   *[other] { $count } of those chosen were already added.
}
add-nothing-selected = You have not selected any clients.
add-none-available = There are no available clients to add: all of them are already added.
add-refused = { $count } of the clients cannot be added. No changes were made.
add-selection-changed = The list of available clients has changed since you chose: { $now } clients are now selected, not { $seen }. Review the selection and confirm again.

# For screen readers, after a search or "hide added" (app.js reads it out).
add-list-count = { $count ->
    [0] No clients to show.
    [one] The list shows 1 client.
   *[other] The list shows { $count } clients.
}
add-match-count = { $count ->
    [0] No available clients match “{ $query }”.
    [one] 1 client matches “{ $query }”.
   *[other] { $count } clients match “{ $query }”.
}
