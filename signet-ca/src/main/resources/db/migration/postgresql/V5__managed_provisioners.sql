-- Provisioners added through the admin API: stored here (as the JSON of a ca.json provisioner), effective on every
-- instance without a restart. Those in config/ca.json stay there and cannot be changed through the API.
CREATE TABLE managed_provisioners (
    name       TEXT   NOT NULL PRIMARY KEY,
    document   TEXT   NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Grows on every change, so that instances notice changes with one cheap read.
CREATE TABLE provisioner_state (
    id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    version BIGINT  NOT NULL
);
INSERT INTO provisioner_state (id, version) VALUES (1, 0);
