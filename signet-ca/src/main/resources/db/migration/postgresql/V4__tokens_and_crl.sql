-- One-time tokens (JWK provisioner OTTs): a jti is stored when used, so a replay is refused even after a restart.
CREATE TABLE used_tokens (
    provisioner TEXT   NOT NULL,
    jti         TEXT   NOT NULL,
    expires_at  BIGINT NOT NULL,   -- epoch milliseconds; the row may go once the token could no longer be accepted
    PRIMARY KEY (provisioner, jti)
);
CREATE INDEX used_tokens_expires_at ON used_tokens (expires_at);

-- The CRL number (RFC 5280 §5.2.3) must only grow, across restarts and instances.
CREATE TABLE crl_state (
    id     INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    number BIGINT  NOT NULL
);
INSERT INTO crl_state (id, number) VALUES (1, 0);
