-- ACME state (RFC 8555). Times are epoch milliseconds, lists are JSON arrays, a stored problem is two columns (the
-- Problem enum name and the detail sentence), booleans are 0/1. Apart from the AUTOINCREMENT sequences and the BLOB
-- this is also valid PostgreSQL.

-- Replay nonces (§7.2): a row exists while the nonce is unused and unexpired.
CREATE TABLE acme_nonces (
    value      TEXT   NOT NULL PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX acme_nonces_expires_at ON acme_nonces (expires_at);

-- Accounts (§7.1.2), one per provisioner and account key.
CREATE TABLE acme_accounts (
    id             TEXT    NOT NULL PRIMARY KEY,
    provisioner    TEXT    NOT NULL,
    key_thumbprint TEXT    NOT NULL,               -- RFC 7638, base64url
    jwk            TEXT    NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('VALID', 'DEACTIVATED', 'REVOKED')),
    contact        TEXT    NOT NULL,               -- JSON array of URLs
    terms_agreed   INTEGER NOT NULL CHECK (terms_agreed IN (0, 1)),
    eab_key_id     TEXT,                           -- no foreign key: deleting the EAB key keeps the account
    created_at     BIGINT  NOT NULL,
    UNIQUE (provisioner, key_thumbprint)
);

-- External account binding keys (§7.3.4); each binds at most one account.
CREATE TABLE acme_eab_keys (
    key_id           TEXT   NOT NULL PRIMARY KEY,
    provisioner      TEXT   NOT NULL,
    reference        TEXT,
    hmac_key         BLOB   NOT NULL,
    created_at       BIGINT NOT NULL,
    bound_account_id TEXT,
    bound_at         BIGINT
);
CREATE INDEX acme_eab_keys_provisioner ON acme_eab_keys (provisioner, created_at);

-- Orders (§7.1.3). seq orders rows created in the same millisecond, for stable pagination.
CREATE TABLE acme_orders (
    seq                INTEGER PRIMARY KEY AUTOINCREMENT,
    id                 TEXT    NOT NULL UNIQUE,
    account_id         TEXT    NOT NULL REFERENCES acme_accounts (id),
    provisioner        TEXT    NOT NULL,
    status             TEXT    NOT NULL CHECK (status IN ('PENDING', 'READY', 'PROCESSING', 'VALID', 'INVALID')),
    expires_at         BIGINT  NOT NULL,
    identifiers        TEXT    NOT NULL,           -- JSON array of {"type", "value"}
    not_before         BIGINT,
    not_after          BIGINT,
    profile            TEXT,
    replaces           TEXT,                       -- RFC 9773 certID
    error_problem      TEXT,
    error_detail       TEXT,
    certificate_serial TEXT,                       -- decimal, once issued
    created_at         BIGINT  NOT NULL
);
CREATE INDEX acme_orders_account ON acme_orders (account_id, created_at, seq);
CREATE INDEX acme_orders_replaces ON acme_orders (replaces) WHERE replaces IS NOT NULL;
CREATE INDEX acme_orders_certificate ON acme_orders (certificate_serial) WHERE certificate_serial IS NOT NULL;

-- Authorizations (§7.1.4), each belonging to one order; position keeps the order's list in creation order.
CREATE TABLE acme_authorizations (
    id               TEXT    NOT NULL PRIMARY KEY,
    order_id         TEXT    NOT NULL REFERENCES acme_orders (id),
    position         INTEGER NOT NULL,
    account_id       TEXT    NOT NULL REFERENCES acme_accounts (id),
    identifier_type  TEXT    NOT NULL,
    identifier_value TEXT    NOT NULL,
    wildcard         INTEGER NOT NULL CHECK (wildcard IN (0, 1)),
    status           TEXT    NOT NULL
        CHECK (status IN ('PENDING', 'VALID', 'INVALID', 'DEACTIVATED', 'EXPIRED', 'REVOKED')),
    expires_at       BIGINT  NOT NULL,
    UNIQUE (order_id, position)
);
CREATE INDEX acme_authorizations_account_identifier
    ON acme_authorizations (account_id, identifier_type, identifier_value, status);

-- Challenges (§7.1.5, §8), each belonging to one authorization, in creation order.
CREATE TABLE acme_challenges (
    id               TEXT    NOT NULL PRIMARY KEY,
    authorization_id TEXT    NOT NULL REFERENCES acme_authorizations (id),
    position         INTEGER NOT NULL,
    type             TEXT    NOT NULL,
    token            TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('PENDING', 'PROCESSING', 'VALID', 'INVALID')),
    validated_at     BIGINT,
    error_problem    TEXT,
    error_detail     TEXT,
    UNIQUE (authorization_id, position)
);
