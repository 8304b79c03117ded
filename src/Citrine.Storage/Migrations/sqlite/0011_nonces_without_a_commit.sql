-- Nonces without a commit per request (docs/adr/0005-nonces-without-a-commit.md): while the server runs its nonces are
-- in memory; a clean stop writes them to `nonces` and sets clean = 1, a start reads them back and sets clean = 0. A
-- start that finds clean = 0 knows the last run's nonces are lost and refuses timestamps signed before it + window.
CREATE TABLE nonce_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    clean INTEGER NOT NULL
);
INSERT INTO nonce_state (id, clean) VALUES (1, 1);
