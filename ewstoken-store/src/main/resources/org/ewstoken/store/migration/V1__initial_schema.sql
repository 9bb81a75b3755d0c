-- Initial schema. Portable on purpose: runs unchanged on SQLite and PostgreSQL 15.
--   * TEXT for strings (no lengths: SQLite would ignore them, PostgreSQL enforce them);
--   * BIGINT epoch milliseconds for instants, INTEGER 0/1 for booleans;
--   * binary values as base64 TEXT; natural primary keys, no generated ids;
--   * constraints are named so later migrations can refer to them.

CREATE TABLE users (
    smtp_address  TEXT   NOT NULL,   -- lowercased by the application
    display_name  TEXT   NOT NULL,
    exchange_uid  TEXT   NOT NULL,   -- canonical lowercase UUID
    password_hash TEXT   NOT NULL,   -- opaque encoded hash
    created_at    BIGINT NOT NULL,
    CONSTRAINT pk_users PRIMARY KEY (smtp_address),
    CONSTRAINT uq_users_exchange_uid UNIQUE (exchange_uid)
);

CREATE TABLE add_ins (
    id             TEXT    NOT NULL,  -- lowercase GUID
    display_name   TEXT    NOT NULL,
    permission     TEXT    NOT NULL,  -- wire name, e.g. ReadWriteItem
    audience_url   TEXT    NOT NULL,
    allowed_scopes TEXT    NOT NULL,  -- space separated; scopes contain no whitespace
    enabled        INTEGER NOT NULL,
    install_scope  TEXT    NOT NULL,  -- ORGANIZATION or USER
    owner_smtp     TEXT,              -- set exactly when install_scope = 'USER'
    created_at     BIGINT  NOT NULL,
    CONSTRAINT pk_add_ins PRIMARY KEY (id),
    -- No ON DELETE CASCADE: the store deletes a user's add-ins itself, so behaviour does not
    -- depend on SQLite's per-connection foreign_keys pragma. The reference still guards integrity.
    CONSTRAINT fk_add_ins_owner FOREIGN KEY (owner_smtp) REFERENCES users (smtp_address),
    CONSTRAINT ck_add_ins_enabled CHECK (enabled IN (0, 1)),
    CONSTRAINT ck_add_ins_install_scope CHECK (
        (install_scope = 'ORGANIZATION' AND owner_smtp IS NULL)
        OR (install_scope = 'USER' AND owner_smtp IS NOT NULL))
);

CREATE INDEX ix_add_ins_owner_smtp ON add_ins (owner_smtp);

CREATE TABLE signing_keys (
    key_id             TEXT   NOT NULL,  -- x5t
    certificate        TEXT   NOT NULL,  -- DER, standard base64
    sealed_private_key TEXT   NOT NULL,  -- encrypted by the server, base64
    created_at         BIGINT NOT NULL,
    activates_at       BIGINT NOT NULL,
    retired_at         BIGINT,           -- NULL while the key signs
    CONSTRAINT pk_signing_keys PRIMARY KEY (key_id)
);

CREATE TABLE settings (
    name  TEXT NOT NULL,
    value TEXT NOT NULL,
    CONSTRAINT pk_settings PRIMARY KEY (name)
);
