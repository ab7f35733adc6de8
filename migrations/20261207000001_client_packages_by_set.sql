-- A firm's clients by the exact set of packages they give, each set in list order (name
-- in Norwegian collation, then number). A listing of "the clients that lack one of the
-- agent's packages" (or, for an agent needing a rare package, "the clients that have them
-- all") is sparse in the firm's whole list: walking the list in order to find 20 of them
-- read thousands of rows, or all 52,000 when there are none. Instead the window is taken
-- from each set that qualifies (a firm has a handful, client_package_counts names them)
-- and the few rows merged: src/store/client_list.rs, `push_window`.
CREATE INDEX client_packages_set_idx
    ON client_packages (firm_id, packages, name, org_number) INCLUDE (client_id);
