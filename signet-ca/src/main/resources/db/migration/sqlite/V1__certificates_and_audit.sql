-- Issued certificates: every certificate the CA signs is stored here before it is returned.
CREATE TABLE certificates (
    serial            TEXT    NOT NULL PRIMARY KEY,  -- decimal
    provisioner       TEXT    NOT NULL,
    subject           TEXT    NOT NULL,
    sans              TEXT    NOT NULL,              -- JSON array of strings
    not_before        INTEGER NOT NULL,              -- epoch milliseconds
    not_after         INTEGER NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('VALID', 'REVOKED')),
    revoked_at        INTEGER,
    revocation_reason INTEGER,
    der               BLOB    NOT NULL
);
CREATE INDEX certificates_not_after ON certificates (not_after);
CREATE INDEX certificates_status ON certificates (status) WHERE status = 'REVOKED';

-- Audit trail: who did what, when, and how it ended.
CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at INTEGER NOT NULL,                   -- epoch milliseconds
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    target      TEXT    NOT NULL,
    outcome     TEXT    NOT NULL,
    detail      TEXT    NOT NULL
);
CREATE INDEX audit_events_occurred_at ON audit_events (occurred_at);
