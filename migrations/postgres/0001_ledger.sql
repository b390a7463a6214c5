-- Chorus state, schema version 1: the publish ledger (one row per record, in the order written) and the
-- claim that makes exactly-once hold across machines. Applied by `chorus state migrate`.

CREATE TABLE chorus_ledger (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account text NOT NULL,
  post text NOT NULL,
  part integer NOT NULL CHECK (part >= 0),
  type text NOT NULL CHECK (type IN ('intent', 'published', 'failed', 'reconciled', 'missed')),
  -- Intents only: 1, 2, … per (account, post, part), the number of the attempt at sending that part.
  attempt integer CHECK ((type = 'intent') = (attempt IS NOT NULL)),
  -- The record exactly as a file ledger holds it (one JSON line, without its newline).
  record text NOT NULL,
  -- SHA-256 of `record`: `chorus state import` and `export` recognise a record that is already there.
  digest text NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);

-- A second claim on the same attempt at the same part fails: two runners that both saw k attempts cannot
-- both send attempt k + 1.
CREATE UNIQUE INDEX chorus_ledger_claim ON chorus_ledger (account, post, part, attempt) WHERE type = 'intent';
CREATE UNIQUE INDEX chorus_ledger_digest ON chorus_ledger (account, digest);
CREATE INDEX chorus_ledger_account ON chorus_ledger (account, seq);
