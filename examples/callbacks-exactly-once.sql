-- The claim table of examples/callbacks-exactly-once.json: one row per callback record, keyed by the
-- Byai Trigger's dedupeKey. Run it once in the database the workflow's Postgres credential points to.
CREATE TABLE IF NOT EXISTS byai_callback_claims (
	dedupe_key   text PRIMARY KEY,
	record       jsonb NOT NULL,                      -- the Byai Trigger item: what a take-over redoes the effect from
	state        text NOT NULL DEFAULT 'claimed' CHECK (state IN ('claimed', 'done')),
	claimed_at   timestamptz NOT NULL DEFAULT now(),  -- the claim's lease starts here (renewed by a take-over)
	execution_id text,                                -- the n8n execution that holds the claim
	attempts     integer NOT NULL DEFAULT 1,          -- 1 + take-overs: a record that keeps failing shows here
	done_at      timestamptz
);
CREATE INDEX IF NOT EXISTS byai_callback_claims_claimed ON byai_callback_claims (claimed_at) WHERE state = 'claimed';
