-- Add-in back ends as OAuth clients (issue 23): the hash of the client secret that `apps secret` makes,
-- and the back-end audience (`aud`) of the access tokens the token exchange gives them. Portable like V1.
-- One row per add-in id, whoever it is installed for. No foreign key: add_ins is keyed by (id, install_key),
-- and a secret set before an add-in is (re)installed is kept.

CREATE TABLE add_in_clients (
    add_in_id        TEXT   NOT NULL,  -- lowercase GUID, the client_id
    secret_hash      TEXT,             -- Argon2id PHC string; NULL until `apps secret` made one
    backend_audience TEXT,             -- the access token's aud; NULL until set
    updated_at       BIGINT NOT NULL,  -- epoch milliseconds
    CONSTRAINT pk_add_in_clients PRIMARY KEY (add_in_id)
);
