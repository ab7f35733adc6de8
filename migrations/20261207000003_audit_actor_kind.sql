-- Who made a change is a kind (domain::audit::ActorKind), stored as a code, instead of
-- being read back from the actor's name ("Kommandolinjen", "Smart Regnskap AS
-- (leverandør-API)"). Every writer says the kind: the column has no default.
ALTER TABLE audit_events ADD COLUMN actor_kind text;

-- The events written before this migration get their kind from what their names said.
-- This is the one change ever made to stored events, and it adds a classification
-- without changing what any event says happened: the append-only trigger is lifted for
-- it alone, inside the migration's transaction. The vendor's name loses its suffix, since
-- the kind now says it acted through the API.
ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change;
UPDATE audit_events
   SET actor_kind = CASE
           WHEN actor_person_id IS NOT NULL THEN 'person'
           WHEN actor_name = 'Enhetsregisteret' THEN 'register'
           WHEN actor_name = 'Kommandolinjen' THEN 'command_line'
           WHEN actor_name = 'Klientdelegering (automatisk)' THEN 'automatic'
           WHEN actor_name LIKE '% (leverandør-API)' THEN 'vendor'
           ELSE 'person'
       END,
       actor_name = CASE
           WHEN actor_person_id IS NULL AND actor_name LIKE '% (leverandør-API)'
               THEN left(actor_name, -length(' (leverandør-API)'))
           ELSE actor_name
       END;
ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change;

ALTER TABLE audit_events
    ALTER COLUMN actor_kind SET NOT NULL,
    ADD CONSTRAINT audit_events_actor_kind_check
        CHECK (actor_kind IN ('person', 'vendor', 'automatic', 'command_line', 'register')),
    -- Only a person is a person (an event of a person may lack the id: older events).
    ADD CONSTRAINT audit_events_actor_person_check
        CHECK (actor_kind = 'person' OR actor_person_id IS NULL);
