-- Demo data for examples/integration-platform/catalog.yaml.
-- Deterministic (no random()): every row is derived from a generate_series counter g, and
-- every instant is relative to now(), so the demo always shows the last ~270 days (a quarterly report of the previous quarter
-- reads 90-day windows and the 90 days before them).
-- Idempotent: reloading replaces the schema (this example has no manual KPIs, but the
-- measurement table is created like in the other examples so any catalog can be loaded).

-- openkpi.measurement (manual KPIs) is created by `openkpi migrate`, which runs before this file.

DROP SCHEMA IF EXISTS integrations CASCADE;
CREATE SCHEMA integrations;

-- An integration reaches production every 14 hours. Time to first sync dropped from about
-- 18 days to about 9 days once the platform shipped (90 days ago). Since the mapping engine
-- upgrade three weeks ago, file-based integrations (SFTP batch, EDI) fail their first
-- validation: the first-attempt rate of the last 30 days is red.
CREATE TABLE integrations.onboardings (
  id integer PRIMARY KEY,
  customer text NOT NULL,
  pattern text NOT NULL,
  solutions_engineer text NOT NULL,
  uses_template boolean NOT NULL,
  passed_validation_first boolean NOT NULL,
  handoffs integer NOT NULL,
  onboarding_cost numeric NOT NULL,
  kickoff_at timestamptz NOT NULL,
  first_sync_at timestamptz NOT NULL,
  config_completed_at timestamptz NOT NULL,
  deployed_at timestamptz NOT NULL
);

INSERT INTO integrations.onboardings
SELECT g,
       'customer-' || g,
       (ARRAY['rest-api', 'sftp-batch', 'webhook', 'edi', 'custom'])[1 + g % 5],
       'se-' || (g % 5),
       g % 4 <> 3,
       g % 6 <> 2 AND NOT (g * 14 < 21 * 24 AND g % 5 IN (1, 3)),
       1 + g % 3 + CASE WHEN g % 10 = 0 THEN 1 ELSE 0 END,
       2500 + (g % 8) * 250,
       t.config_completed_at - interval '1 day'
         - make_interval(days => CASE WHEN t.deployed_at > now() - interval '90 days' THEN 6 + g % 7 ELSE 14 + g % 9 END),
       t.config_completed_at - interval '1 day',
       t.config_completed_at,
       t.deployed_at
FROM generate_series(0, 460) AS g
CROSS JOIN LATERAL (SELECT now() - make_interval(hours => g * 14) AS deployed_at) AS d
CROSS JOIN LATERAL (SELECT d.deployed_at, d.deployed_at - make_interval(days => 2 + g % 5) AS config_completed_at) AS t;

-- Pre-deployment validation errors: 0 to 3 per integration, before configuration completed.
CREATE TABLE integrations.validation_errors (
  found_at timestamptz NOT NULL,
  onboarding_id integer NOT NULL REFERENCES integrations.onboardings (id),
  rule text NOT NULL,
  pattern text NOT NULL
);

INSERT INTO integrations.validation_errors
SELECT o.config_completed_at - make_interval(hours => 6 * k),
       o.id,
       (ARRAY['schema-mismatch', 'auth-config', 'field-mapping', 'rate-limit'])[1 + (o.id + k) % 4],
       o.pattern
FROM integrations.onboardings AS o
CROSS JOIN generate_series(1, 3) AS k
WHERE k <= o.id % 4;

-- Post-deployment incidents: every third integration has one 5 days after launch (within
-- the first 30 days), every seventh another one 40 days after launch (outside them).
CREATE TABLE integrations.incidents (
  occurred_at timestamptz NOT NULL,
  onboarding_id integer NOT NULL REFERENCES integrations.onboardings (id),
  severity text NOT NULL
);

INSERT INTO integrations.incidents
SELECT o.deployed_at + make_interval(days => x.after_days), o.id, (ARRAY['low', 'medium', 'high'])[1 + o.id % 3]
FROM integrations.onboardings AS o
CROSS JOIN (VALUES (3, 5), (7, 40)) AS x(every, after_days)
WHERE o.id % x.every = 0 AND o.deployed_at + make_interval(days => x.after_days) < now();

-- Solutions Engineer timesheets: troubleshooting and configuration hours per onboarding (the
-- recent file-based validation failures push troubleshooting per onboarding into the yellow).
CREATE TABLE integrations.se_time_entries (
  logged_at timestamptz NOT NULL,
  engineer text NOT NULL,
  onboarding_id integer NOT NULL REFERENCES integrations.onboardings (id),
  activity text NOT NULL,
  hours numeric NOT NULL
);

INSERT INTO integrations.se_time_entries
SELECT o.deployed_at - make_interval(hours => a.hours_before), o.solutions_engineer, o.id, a.activity,
       CASE a.activity WHEN 'troubleshooting' THEN 3 + o.id % 6 ELSE 8 + o.id % 4 END
         -- the file-based integrations that failed validation since the upgrade cost a day more
         + CASE WHEN a.activity = 'troubleshooting' AND NOT o.passed_validation_first
                     AND o.pattern IN ('sftp-batch', 'edi') AND o.deployed_at > now() - interval '21 days' THEN 9 ELSE 0 END
FROM integrations.onboardings AS o
CROSS JOIN (VALUES ('troubleshooting', 20), ('configuration', 80)) AS a(activity, hours_before);

-- Support tickets: every other customer opens one 10 to 49 days after launch.
CREATE TABLE integrations.support_tickets (
  created_at timestamptz NOT NULL,
  customer text NOT NULL,
  category text NOT NULL
);

INSERT INTO integrations.support_tickets
SELECT o.deployed_at + make_interval(days => 10 + o.id % 40), o.customer,
       (ARRAY['sync-failure', 'data-mismatch', 'credentials', 'how-to'])[1 + o.id % 4]
FROM integrations.onboardings AS o
WHERE o.id % 2 = 0 AND o.deployed_at + make_interval(days => 10 + o.id % 40) < now();
