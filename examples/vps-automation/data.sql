-- Demo data for examples/vps-automation/catalog.yaml.
-- Deterministic (no random()): every row is derived from a generate_series counter g, and
-- every instant is relative to now(), so the demo always shows the last ~260 days (a quarterly report of the previous quarter
-- reads 90-day windows and the 90 days before them).
-- Idempotent: reloading replaces the schema and this example's manual measurements.

-- openkpi.measurement (manual KPIs) is created by `openkpi migrate`, which runs before this file.

DROP SCHEMA IF EXISTS vps CASCADE;
CREATE SCHEMA vps;

-- One VPS creation or deletion every 29 minutes: 2.5% fail (half of them after automatic
-- retries), 1 in 17 succeeds after a retry, 1 in 250 needs manual steps. Since the webhook
-- degradation 10 days ago (below), 1 in 9 more fails at once: its subscription event never
-- arrived, which no retry fixes (the error rate turns red, the success rate yellow).
CREATE TABLE vps.lifecycle_tasks (
  id integer PRIMARY KEY,
  kind text NOT NULL,
  plan text NOT NULL,
  region text NOT NULL,
  subscription_id text NOT NULL,
  status text NOT NULL,
  manual_steps boolean NOT NULL,
  retries integer NOT NULL,
  requested_at timestamptz NOT NULL,
  completed_at timestamptz NOT NULL
);

INSERT INTO vps.lifecycle_tasks
SELECT g,
       k.kind,
       (ARRAY['vps-small', 'vps-medium', 'vps-large'])[1 + (g / 2) % 3],
       (ARRAY['us-east', 'us-west', 'eu-central'])[1 + (g / 5) % 3],
       'sub-' || (g / 2),
       CASE WHEN g % 40 = 11 OR (g * 29 < 10 * 1440 AND g % 9 = 4) THEN 'failed' ELSE 'succeeded' END,
       g % 250 = 100,
       CASE WHEN g % 80 = 11 THEN 3 WHEN g % 40 = 11 OR (g * 29 < 10 * 1440 AND g % 9 = 4) THEN 0
            WHEN g % 17 = 4 THEN 1 ELSE 0 END,
       c.completed_at - make_interval(secs => CASE WHEN k.kind = 'create' THEN 50 + (g % 9) * 10 ELSE 30 + (g % 7) * 8 END
                                            + CASE WHEN g % 250 = 100 THEN 240 ELSE 0 END),
       c.completed_at
FROM generate_series(0, 12920) AS g
CROSS JOIN LATERAL (SELECT CASE WHEN g % 5 < 3 THEN 'create' ELSE 'delete' END AS kind) AS k
CROSS JOIN LATERAL (SELECT now() - make_interval(mins => g * 29) AS completed_at) AS c;

-- Go High Level webhook events every 13 minutes. Processing degraded 10 days ago:
-- 1 in 31 events fails since then, 1 in 100 before.
CREATE TABLE vps.webhook_events (
  received_at timestamptz NOT NULL,
  event_type text NOT NULL,
  outcome text NOT NULL
);

INSERT INTO vps.webhook_events
SELECT now() - make_interval(mins => g * 13),
       (ARRAY['subscription.created', 'subscription.cancelled', 'payment.succeeded', 'contact.updated'])[1 + g % 4],
       CASE WHEN g * 13 < 10 * 1440 AND g % 31 = 2 THEN 'failed'
            WHEN g * 13 >= 10 * 1440 AND g % 100 = 2 THEN 'failed'
            ELSE 'processed' END
FROM generate_series(0, 28800) AS g;

-- Portal checks every 15 minutes: one slow or failed check in 1200.
CREATE TABLE vps.portal_checks (
  checked_at timestamptz NOT NULL,
  probe text NOT NULL,
  is_up boolean NOT NULL,
  response_ms integer NOT NULL
);

INSERT INTO vps.portal_checks
SELECT now() - make_interval(mins => g * 15),
       (ARRAY['us-east', 'eu-west'])[1 + g % 2],
       g % 1200 <> 600,
       CASE WHEN g % 1200 = 600 THEN 0 ELSE 180 + (g % 11) * 35 END
FROM generate_series(0, 25000) AS g;

-- Admin notification for every failed task, 30 seconds to 4.7 minutes after the failure;
-- the burst of failures of the last 10 days hit the chat's rate limit: 4 to 9 minutes (p95 yellow).
CREATE TABLE vps.failure_notifications (
  task_id integer NOT NULL REFERENCES vps.lifecycle_tasks (id),
  channel text NOT NULL,
  failed_at timestamptz NOT NULL,
  notified_at timestamptz NOT NULL
);

INSERT INTO vps.failure_notifications
SELECT id,
       CASE WHEN id % 2 = 0 THEN 'email' ELSE 'slack' END,
       completed_at,
       completed_at + make_interval(secs => CASE WHEN completed_at > now() - interval '10 days' AND id % 40 <> 11
                                                 THEN 240 + (id % 11) * 30 ELSE 30 + (id % 11) * 25 END)
FROM vps.lifecycle_tasks
WHERE status = 'failed';

-- Admin usability survey (manual KPI).
DELETE FROM openkpi.measurement WHERE kpi IN ('admin_satisfaction', 'realtime_monitoring_coverage');

INSERT INTO openkpi.measurement (kpi, time, value, note, recorded_by)
SELECT 'admin_satisfaction', now() - make_interval(days => m.days_ago), m.value, m.note, 'product-owner'
FROM (VALUES
  (150, 3.4, 'Pilot admins, 6 answers'),
  (95, 3.8, 'Month 1 after launch, 9 answers'),
  (40, 4.1, 'Month 3 after launch, 11 answers'),
  (8, 4.2, 'Monthly pulse, 10 answers')
) AS m(days_ago, value, note);

-- Real-time monitoring rollout (manual KPI): components on the live dashboard, in steps.
INSERT INTO openkpi.measurement (kpi, time, value, note, recorded_by)
SELECT 'realtime_monitoring_coverage', now() - make_interval(days => m.days_ago), m.value, m.note, 'devops'
FROM (VALUES
  (75, 25, 'Webhooks on the live dashboard'),
  (45, 50, 'Provisioning tasks added'),
  (20, 75, 'Portal checks added'),
  (4, 100, 'Failure notifications added: every component is live')
) AS m(days_ago, value, note);
