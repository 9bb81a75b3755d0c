-- Add-ins installed from manifests (issue 3). Portable like V1: runs unchanged on SQLite and PostgreSQL.
--
-- One add-in id may now be installed for the organisation OR for any number of single mailboxes, so the
-- primary key becomes (id, install_key), where install_key is the owner's address or '' for the
-- organisation. SQLite cannot change a primary key in place, so the table is rebuilt: copied aside,
-- dropped, created anew with V1's constraint names, and filled again.

CREATE TABLE add_ins_v1 AS SELECT * FROM add_ins;

DROP TABLE add_ins;

CREATE TABLE add_ins (
    id                 TEXT    NOT NULL,  -- lowercase GUID
    install_key        TEXT    NOT NULL,  -- owner_smtp, or '' for the organisation
    display_name       TEXT    NOT NULL,
    permission         TEXT    NOT NULL,  -- wire name, e.g. ReadWriteItem
    audience_url       TEXT    NOT NULL,
    allowed_scopes     TEXT    NOT NULL,  -- space separated
    enabled            INTEGER NOT NULL,  -- the administrator's switch: 0 = nobody gets tokens
    install_scope      TEXT    NOT NULL,  -- ORGANIZATION or USER
    owner_smtp         TEXT,              -- set exactly when install_scope = 'USER'
    created_at         BIGINT  NOT NULL,
    version            TEXT,              -- the manifest's Version; NULL when registered without a manifest
    provider_name      TEXT,
    mandatory          INTEGER NOT NULL,  -- organisation add-ins only: users cannot turn it off
    enabled_by_default INTEGER NOT NULL,  -- organisation add-ins: on for users who made no choice
    manifest           TEXT,              -- the manifest's bytes, standard base64; NULL without a manifest
    updated_at         BIGINT  NOT NULL,
    CONSTRAINT pk_add_ins PRIMARY KEY (id, install_key),
    CONSTRAINT fk_add_ins_owner FOREIGN KEY (owner_smtp) REFERENCES users (smtp_address),
    CONSTRAINT ck_add_ins_enabled CHECK (enabled IN (0, 1)),
    CONSTRAINT ck_add_ins_mandatory CHECK (mandatory IN (0, 1)),
    CONSTRAINT ck_add_ins_enabled_by_default CHECK (enabled_by_default IN (0, 1)),
    CONSTRAINT ck_add_ins_install_scope CHECK (
        (install_scope = 'ORGANIZATION' AND owner_smtp IS NULL AND install_key = '')
        OR (install_scope = 'USER' AND owner_smtp IS NOT NULL AND install_key = owner_smtp
            AND mandatory = 0 AND enabled_by_default = 1))
);

CREATE INDEX ix_add_ins_owner_smtp ON add_ins (owner_smtp);

INSERT INTO add_ins (id, install_key, display_name, permission, audience_url, allowed_scopes, enabled,
                     install_scope, owner_smtp, created_at, version, provider_name, mandatory,
                     enabled_by_default, manifest, updated_at)
SELECT id, COALESCE(owner_smtp, ''), display_name, permission, audience_url, allowed_scopes, enabled,
       install_scope, owner_smtp, created_at, NULL, NULL, 0, 1, NULL, created_at
FROM add_ins_v1;

DROP TABLE add_ins_v1;

-- A user's own choice about an add-in installed for them: turned off (DisableApp, with its reason) or,
-- for an organisation add-in that is off by default, turned on. No row: the add-in's default applies.
CREATE TABLE add_in_user_states (
    add_in_id      TEXT    NOT NULL,
    smtp_address   TEXT    NOT NULL,
    enabled        INTEGER NOT NULL,
    disable_reason TEXT,              -- DisableReasonType value, e.g. OutlookClientPerformance
    updated_at     BIGINT  NOT NULL,
    CONSTRAINT pk_add_in_user_states PRIMARY KEY (add_in_id, smtp_address),
    CONSTRAINT fk_add_in_user_states_user FOREIGN KEY (smtp_address) REFERENCES users (smtp_address),
    CONSTRAINT ck_add_in_user_states_enabled CHECK (enabled IN (0, 1))
);

CREATE INDEX ix_add_in_user_states_smtp ON add_in_user_states (smtp_address);
