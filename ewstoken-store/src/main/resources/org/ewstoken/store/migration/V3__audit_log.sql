-- Audit log: one row per issued token, never the token itself. Portable like V1.
-- (V3, not V2: V2 is reserved for the add-in manifests of issue 3, developed at the same time.)
-- Append-only; the servers delete rows older than their audit-retention setting.
-- No foreign keys: the record of a token outlives the user or add-in it was issued to.

CREATE TABLE audit_log (
    id          TEXT   NOT NULL,  -- random UUID made by the server
    issued_at   BIGINT NOT NULL,  -- epoch milliseconds
    node        TEXT   NOT NULL,  -- node-name of the server that issued it
    user_smtp   TEXT   NOT NULL,
    add_in_id   TEXT   NOT NULL,
    token_type  TEXT   NOT NULL,  -- wire name, e.g. CallerIdentity
    key_id      TEXT   NOT NULL,  -- x5t of the signing key
    expires_at  BIGINT NOT NULL,
    CONSTRAINT pk_audit_log PRIMARY KEY (id)
);

CREATE INDEX ix_audit_log_issued_at ON audit_log (issued_at);
