-- A vendor request passed on (*Send til tilgangsstyrer*) by a person who sees it but may
-- not answer it: when and by whom, once. Those who may answer see such requests first.
ALTER TABLE system_user_requests
    ADD COLUMN escalated_at timestamptz,
    ADD COLUMN escalated_by uuid REFERENCES persons (id),
    ADD CONSTRAINT system_user_requests_escalated
        CHECK ((escalated_at IS NULL) = (escalated_by IS NULL));
