-- The CA instances active on this database (issue 7): each one refreshes its row every second (seen_at, epoch
-- milliseconds) and deletes it when it stops. An instance that finds no other fresh row is alone on the database and
-- keeps ACME nonces in its own memory instead of writing two rows per request; as soon as it sees another instance it
-- stores them here again, in acme_nonces, so that every instance accepts them (InstancePresence, NonceRegistry).
CREATE TABLE ca_instances (
    id      TEXT PRIMARY KEY,
    seen_at BIGINT NOT NULL
);
