-- Demo data for examples/accounting-saas/catalog.yaml.
-- Deterministic (no random()): every row is derived from a generate_series counter, and
-- every instant is relative to now(), so the demo always shows the last ~130 days.
-- Idempotent: reloading replaces the schema and this example's manual measurements.

-- openkpi.measurement (manual KPIs) is created by `openkpi migrate`, which runs before this file.

DROP SCHEMA IF EXISTS acct CASCADE;
CREATE SCHEMA acct;

-- Daily MRR per plan: about $850k today from 1,650 customers, 400 days back (for the
-- year-over-year comparison). Customers grow linearly: +28% over the year, +6% over a quarter.
CREATE TABLE acct.mrr_daily (
  day timestamptz NOT NULL,
  plan text NOT NULL,
  customers integer NOT NULL,
  mrr numeric NOT NULL
);

INSERT INTO acct.mrr_daily
SELECT date_trunc('day', now()) - make_interval(days => d),
       p.plan,
       round(p.customers * (1 - d * 0.0006)),
       round(p.customers * (1 - d * 0.0006)) * p.price
FROM generate_series(0, 400) AS d
CROSS JOIN (VALUES ('starter', 700, 190), ('professional', 650, 520), ('firm', 300, 1270)) AS p(plan, customers, price);

-- An organization signs up every 10 hours; 1 in 25 takes longer than 7 days to onboard.
CREATE TABLE acct.orgs (
  signed_up_at timestamptz NOT NULL,
  org text NOT NULL,
  plan text NOT NULL,
  channel text NOT NULL,
  region text NOT NULL,
  onboarded_at timestamptz
);

INSERT INTO acct.orgs
SELECT s.signed_up_at,
       'new-org-' || g,
       (ARRAY['starter', 'professional', 'firm'])[1 + g % 3],
       (ARRAY['search', 'referral', 'partner', 'events'])[1 + (g / 3) % 4],
       (ARRAY['US-East', 'US-West', 'Canada'])[1 + g % 3],
       CASE WHEN s.signed_up_at + make_interval(days => o.days) <= now()
            THEN s.signed_up_at + make_interval(days => o.days) END
FROM generate_series(0, 320) AS g
CROSS JOIN LATERAL (SELECT now() - make_interval(hours => 1 + g * 10) AS signed_up_at) AS s
CROSS JOIN LATERAL (SELECT CASE WHEN g % 25 = 3 THEN 12 ELSE 1 + g % 6 END AS days) AS o;

-- Daily acquisition spend per channel (about $600 a day).
CREATE TABLE acct.marketing_spend (
  day timestamptz NOT NULL,
  channel text NOT NULL,
  amount numeric NOT NULL
);

INSERT INTO acct.marketing_spend
SELECT date_trunc('day', now()) - make_interval(days => d), c.channel, c.amount + (d % 5) * 10
FROM generate_series(0, 130) AS d
CROSS JOIN (VALUES ('search', 260), ('partner', 180), ('events', 120)) AS c(channel, amount);

-- A customer churns every 13.5 hours (about 3.2% of customers a month).
CREATE TABLE acct.churn_events (
  churned_at timestamptz NOT NULL,
  plan text NOT NULL,
  reason text NOT NULL
);

INSERT INTO acct.churn_events
SELECT now() - make_interval(mins => 30 + g * 810),
       (ARRAY['starter', 'starter', 'professional', 'firm'])[1 + g % 4],
       (ARRAY['price', 'features', 'closed practice', 'competitor', 'support'])[1 + g % 5]
FROM generate_series(0, 232) AS g;

-- NPS survey answers every 4 hours: 70% promoters, 9% detractors.
CREATE TABLE acct.nps_responses (
  submitted_at timestamptz NOT NULL,
  plan text NOT NULL,
  score integer NOT NULL
);

INSERT INTO acct.nps_responses
SELECT now() - make_interval(mins => 45 + g * 240),
       (ARRAY['starter', 'professional', 'firm'])[1 + g % 3],
       (ARRAY[10, 9, 8, 10, 9, 9, 7, 10, 6, 9, 10, 8, 9, 10, 9, 7, 10, 9, 8, 9, 10, 5, 9])[1 + g % 23]
FROM generate_series(0, 780) AS g;

-- Daily user activity for 40 organizations.
CREATE TABLE acct.user_activity_daily (
  day timestamptz NOT NULL,
  org text NOT NULL,
  plan text NOT NULL,
  total_users integer NOT NULL,
  dau integer NOT NULL,
  mau integer NOT NULL,
  sessions integer NOT NULL,
  session_minutes integer NOT NULL
);

INSERT INTO acct.user_activity_daily
SELECT date_trunc('day', now()) - make_interval(days => d),
       'org-' || o,
       (ARRAY['starter', 'professional', 'firm'])[1 + o % 3],
       u.total_users,
       round(u.total_users * (0.50 + (o % 5) * 0.03)),
       round(u.total_users * (0.94 + (o % 4) * 0.02)),
       u.total_users * 2,
       u.total_users * 2 * (24 + o % 7)
FROM generate_series(0, 130) AS d
CROSS JOIN generate_series(0, 39) AS o
CROSS JOIN LATERAL (SELECT 10 + (o * 7) % 30 AS total_users) AS u;

-- Hourly document processing batches (about 16 documents an hour).
CREATE TABLE acct.document_batches (
  processed_at timestamptz NOT NULL,
  doc_type text NOT NULL,
  documents integer NOT NULL,
  processing_seconds numeric NOT NULL,
  human_interventions integer NOT NULL,
  ocr_fields integer NOT NULL,
  ocr_fields_correct integer NOT NULL
);

INSERT INTO acct.document_batches
SELECT now() - make_interval(mins => 10 + h * 60),
       (ARRAY['invoice', 'receipt', 'bank statement', 'tax form'])[1 + h % 4],
       b.documents,
       b.documents * (18 + h % 9),
       CASE WHEN h % 3 = 0 THEN 2 ELSE 0 END,
       b.documents * 20,
       b.documents * 20 - CASE WHEN h % 2 = 0 THEN 8 ELSE 3 END
FROM generate_series(0, 3120) AS h
CROSS JOIN LATERAL (SELECT 12 + h % 9 AS documents) AS b;

-- Hourly workflow engine counters.
CREATE TABLE acct.workflow_hourly (
  hour timestamptz NOT NULL,
  workflow_type text NOT NULL,
  completed integer NOT NULL,
  failed integer NOT NULL,
  manual_interventions integer NOT NULL
);

INSERT INTO acct.workflow_hourly
SELECT date_trunc('hour', now()) - make_interval(hours => h),
       (ARRAY['month-end close', 'invoice approval', 'tax prep', 'client onboarding'])[1 + h % 4],
       20 + h % 9,
       CASE WHEN h % 3 = 0 THEN 1 ELSE 0 END,
       1 + h % 3
FROM generate_series(0, 3120) AS h;

-- A workflow created every 6 hours.
CREATE TABLE acct.workflows (
  created_at timestamptz NOT NULL,
  org text NOT NULL,
  template text NOT NULL
);

INSERT INTO acct.workflows
SELECT now() - make_interval(hours => 2 + g * 6), 'org-' || g % 40,
       (ARRAY['custom', 'month-end close', 'invoice approval', 'tax prep'])[1 + g % 4]
FROM generate_series(0, 520) AS g;

-- QuickBooks syncs every 20 minutes for 37 of the 40 organizations; 1 in 140 fails and is
-- resolved 10 to 28 minutes later.
CREATE TABLE acct.qb_syncs (
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  org text NOT NULL,
  sync_type text NOT NULL,
  status text NOT NULL,
  resolved_at timestamptz
);

INSERT INTO acct.qb_syncs
SELECT f.finished_at - make_interval(secs => CASE WHEN g % 6 = 0 THEN 50 + (g % 7) * 10 ELSE 5 + g % 20 END),
       f.finished_at,
       'org-' || g % 37,
       CASE WHEN g % 6 = 0 THEN 'full' ELSE 'incremental' END,
       CASE WHEN g % 140 = 9 THEN 'failed' ELSE 'succeeded' END,
       CASE WHEN g % 140 = 9 THEN f.finished_at + make_interval(mins => 10 + g % 19) END
FROM generate_series(0, 9400) AS g
CROSS JOIN LATERAL (SELECT now() - make_interval(mins => g * 20) AS finished_at) AS f;

-- Hourly availability of the app and the API: a 3-minute blip every 6 days per service.
CREATE TABLE acct.availability_hourly (
  hour timestamptz NOT NULL,
  service text NOT NULL,
  up_minutes numeric NOT NULL,
  total_minutes numeric NOT NULL
);

INSERT INTO acct.availability_hourly
SELECT date_trunc('hour', now()) - make_interval(hours => h),
       s.service,
       60 - CASE WHEN (h + s.shift) % 144 = 50 THEN 3 ELSE 0 END,
       60
FROM generate_series(0, 3120) AS h
CROSS JOIN (VALUES ('app', 0), ('api', 72)) AS s(service, shift);

-- Sampled requests every 15 minutes: 0.6 to 1.9 seconds, a rare 5xx.
CREATE TABLE acct.request_samples (
  requested_at timestamptz NOT NULL,
  endpoint text NOT NULL,
  duration_ms integer NOT NULL,
  status_code integer NOT NULL
);

INSERT INTO acct.request_samples
SELECT now() - make_interval(mins => g * 15),
       (ARRAY['/api/documents', '/api/workflows', '/api/clients', '/api/reports'])[1 + g % 4],
       600 + (g % 14) * 100,
       CASE WHEN g % 1500 = 77 THEN 502 ELSE 200 END
FROM generate_series(0, 12500) AS g;

-- Incidents every 4 days, recovered in 12 to 36 minutes; one critical security incident
-- 40 days ago (never in the current calendar month, so the monthly count is 0).
CREATE TABLE acct.incidents (
  started_at timestamptz NOT NULL,
  resolved_at timestamptz NOT NULL,
  severity text NOT NULL,
  category text NOT NULL
);

INSERT INTO acct.incidents
SELECT r.resolved_at - make_interval(mins => 12 + (g * 13) % 25),
       r.resolved_at,
       (ARRAY['minor', 'major', 'minor'])[1 + g % 3],
       'availability'
FROM generate_series(0, 32) AS g
CROSS JOIN LATERAL (SELECT now() - make_interval(hours => 6 + g * 96) AS resolved_at) AS r;

INSERT INTO acct.incidents
VALUES (now() - interval '40 days 2 hours', now() - interval '40 days', 'critical', 'security');

-- Quarterly surveys and the time study (manual KPIs).
DELETE FROM openkpi.measurement WHERE kpi IN ('csat', 'customer_effort_score', 'manual_work_reduction');

INSERT INTO openkpi.measurement (kpi, time, value, note, recorded_by)
SELECT m.kpi, now() - make_interval(days => m.days_ago), m.value, m.note, m.recorded_by
FROM (VALUES
  ('csat', 190, 4.3, 'Q2 customer survey, 412 answers', 'cs-analytics'),
  ('csat', 100, 4.4, 'Q3 customer survey, 455 answers', 'cs-analytics'),
  ('csat', 10, 4.6, 'Q4 customer survey, 498 answers', 'cs-analytics'),
  ('customer_effort_score', 190, 2.4, 'Q2 customer survey', 'cs-analytics'),
  ('customer_effort_score', 100, 2.1, 'Q3 customer survey', 'cs-analytics'),
  ('customer_effort_score', 10, 1.8, 'Q4 customer survey', 'cs-analytics'),
  ('manual_work_reduction', 190, 61, 'Time study: 61% of tasks automated', 'product-ops'),
  ('manual_work_reduction', 100, 67, 'Time study', 'product-ops'),
  ('manual_work_reduction', 10, 72, 'Time study: 72% of tasks automated', 'product-ops')
) AS m(kpi, days_ago, value, note, recorded_by);
