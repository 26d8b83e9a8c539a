-- One saga step (pgbench script): read the version, then one transaction that moves the entity
-- only if nobody else did, writes the event to the outbox and records the message as handled.
\set id random(1, 100000)
SELECT version FROM step_entity WHERE id = :id \gset
BEGIN;
UPDATE step_entity SET version = version + 1, status = 'Paid', updated_at = now() WHERE id = :id AND version = :version;
INSERT INTO step_outbox (subject, payload) VALUES ('orders.paid',
  jsonb_build_object('orderId', 'o-' || :id, 'version', :version + 1, 'status', 'Paid', 'amount', 129.99, 'currency', 'USD',
                     'eventId', gen_random_uuid()::text, 'occurredAt', now()));
INSERT INTO step_inbox (message_id) VALUES (gen_random_uuid()::text);
END;
