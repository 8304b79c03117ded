-- Nonces without a durable commit per request (docs/adr/0005-nonces-without-a-commit.md): `nonces` becomes UNLOGGED
-- (no WAL, so inserting one waits for no fsync; still one table with one primary key for every node). PostgreSQL
-- empties unlogged tables when it recovers from a crash; `nonce_epoch`, unlogged too, loses its row at the same moment,
-- and the node that finds it missing re-arms it with its time: timestamps signed before that time + window are refused.
-- armed_ms = 0 here: a new table has lost nothing.
ALTER TABLE nonces SET UNLOGGED;
CREATE UNLOGGED TABLE nonce_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    armed_ms BIGINT NOT NULL
);
INSERT INTO nonce_epoch (id, armed_ms) VALUES (1, 0);
