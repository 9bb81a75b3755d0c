-- Administration (issue 14): the admin role, API keys for scripts, and admin events. Portable like V1.
-- No foreign keys to users: the services remove a user's role and keys with the user, and an admin
-- event outlives the administrator who caused it.

CREATE TABLE admin_roles (
    smtp_address TEXT   NOT NULL,   -- lowercased by the application
    granted_at   BIGINT NOT NULL,
    granted_by   TEXT   NOT NULL,   -- who granted it: an administrator's address or cli:<os user>
    CONSTRAINT pk_admin_roles PRIMARY KEY (smtp_address)
);

CREATE TABLE admin_api_keys (
    id           TEXT   NOT NULL,   -- public part of the key, shown in lists
    name         TEXT   NOT NULL,   -- what the administrator called it
    owner_smtp   TEXT   NOT NULL,   -- the administrator whose rights it carries
    secret_hash  TEXT   NOT NULL,   -- SHA-256 of the secret part, base64url; the secret is never stored
    created_at   BIGINT NOT NULL,
    CONSTRAINT pk_admin_api_keys PRIMARY KEY (id)
);

CREATE TABLE admin_events (
    id          TEXT   NOT NULL,    -- time-ordered UUID made by the server
    at          BIGINT NOT NULL,    -- epoch milliseconds
    actor       TEXT   NOT NULL,    -- an administrator's address, or cli:<os user>
    remote_addr TEXT   NOT NULL,    -- client address, or 'local' for the command line
    action      TEXT   NOT NULL,    -- e.g. user.add, addin.disable, key.rotate
    target      TEXT   NOT NULL,    -- what it changed: an address, an add-in id, a key id
    detail      TEXT   NOT NULL,    -- a short human-readable summary; never a secret
    CONSTRAINT pk_admin_events PRIMARY KEY (id)
);

CREATE INDEX ix_admin_events_at ON admin_events (at);
