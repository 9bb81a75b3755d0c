-- Callback-token uses at the EWS front (issue 12): one row per request that presented a callback token,
-- allowed or refused; never the token itself (token_id is its jti or a digest). Portable like V1.
-- Append-only; the servers delete rows older than their audit-retention setting. No foreign keys: the
-- record outlives the user or add-in it names.

CREATE TABLE callback_use_log (
    id          TEXT   NOT NULL,  -- time-ordered UUID made by the server
    used_at     BIGINT NOT NULL,  -- epoch milliseconds
    node        TEXT   NOT NULL,  -- node-name of the server that decided
    user_smtp   TEXT   NOT NULL,  -- the token's mailbox ('' when the token was not valid)
    add_in_id   TEXT   NOT NULL,  -- the add-in ('' when unknown)
    operation   TEXT   NOT NULL,  -- e.g. GetItem ('' when the request was not read)
    item_id     TEXT   NOT NULL,  -- the item asked for or the token's item ('' when none)
    verdict     TEXT   NOT NULL,  -- allowed, or refused:<reason>
    token_id    TEXT   NOT NULL,  -- the token's jti or digest ('' when the token was not valid)
    CONSTRAINT pk_callback_use_log PRIMARY KEY (id)
);

CREATE INDEX ix_callback_use_log_used_at ON callback_use_log (used_at);
