-- A change request passed on (*Send til tilgangsstyrer*) by a person who sees it but may
-- not answer it, as vendor requests are (20261209000001): when and by whom, once. And
-- what approving it did to an agent's clients — delegations ended, clients added by
-- themselves — for the receipt the person who approved it reads.
ALTER TABLE system_user_change_requests
    ADD COLUMN escalated_at timestamptz,
    ADD COLUMN escalated_by uuid REFERENCES persons (id),
    ADD COLUMN ended_count integer,
    ADD COLUMN added_count integer,
    ADD CONSTRAINT system_user_change_requests_escalated
        CHECK ((escalated_at IS NULL) = (escalated_by IS NULL));
