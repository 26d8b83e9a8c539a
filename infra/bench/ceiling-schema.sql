-- The ceiling the end-to-end benchmark compares with: PostgreSQL alone doing one saga step in the
-- shape the services commit it (entity update guarded by its version, one outbox row, one inbox
-- row, one transaction), on the same server, in a scratch database. See docs/benchmarks.md.
DROP TABLE IF EXISTS step_entity, step_outbox, step_inbox;
CREATE TABLE step_entity (
  id         bigint PRIMARY KEY,
  version    bigint NOT NULL DEFAULT 0,
  status     text   NOT NULL DEFAULT 'Created',
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO step_entity (id) SELECT g FROM generate_series(1, 100000) g;
CREATE TABLE step_outbox (
  id         bigserial PRIMARY KEY,
  subject    text  NOT NULL,
  payload    jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at    timestamptz
);
CREATE INDEX step_outbox_unsent ON step_outbox (id) WHERE sent_at IS NULL;
CREATE TABLE step_inbox (
  message_id text PRIMARY KEY,
  handled_at timestamptz NOT NULL DEFAULT now()
);
VACUUM ANALYZE;
