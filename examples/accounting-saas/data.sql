-- Demo data for examples/accounting-saas/catalog.yaml.
-- Deterministic (no random()): every row is derived from a generate_series counter, and
-- every instant is relative to now(), so the demo always shows the last ~260 days (450 for
-- the daily MRR and infrastructure cost, which compare with a year earlier; 200 to 300 for the
-- infrastructure statistics, users and sessions): a quarterly report of the previous quarter reads
-- 90-day windows and the 90 days before them.
-- Idempotent: reloading replaces the schema and this example's manual measurements.

-- openkpi.measurement (manual KPIs) is created by `openkpi migrate`, which runs before this file.

DROP SCHEMA IF EXISTS acct CASCADE;
CREATE SCHEMA acct;

-- Daily MRR per plan: about $850k today from 1,650 customers, 560 days back (for the
-- year-over-year comparison of the previous quarter's start). Customers grow linearly: +28% over the year, +6% over a quarter.
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
FROM generate_series(0, 560) AS d
CROSS JOIN (VALUES ('starter', 700, 190), ('professional', 650, 520), ('firm', 300, 1270)) AS p(plan, customers, price);

-- An organization signs up every 10 hours; 1 in 25 takes longer than 7 days to onboard.
CREATE TABLE acct.orgs (
  signed_up_at timestamptz NOT NULL,
  org text NOT NULL,
  plan text NOT NULL,
  channel text NOT NULL,
  region text NOT NULL,
  onboarded_at timestamptz,
  first_value_at timestamptz
);

INSERT INTO acct.orgs
SELECT s.signed_up_at,
       'new-org-' || g,
       (ARRAY['starter', 'professional', 'firm'])[1 + g % 3],
       (ARRAY['search', 'referral', 'partner', 'events'])[1 + (g / 3) % 4],
       (ARRAY['US-East', 'US-West', 'Canada'])[1 + g % 3],
       CASE WHEN s.signed_up_at + make_interval(days => o.days) <= now()
            THEN s.signed_up_at + make_interval(days => o.days) END,
       -- first value (a document processed, a workflow run) within hours; 1 in 8 takes 30 hours
       CASE WHEN s.signed_up_at + make_interval(hours => v.hours) <= now()
            THEN s.signed_up_at + make_interval(hours => v.hours) END
FROM generate_series(0, 640) AS g
CROSS JOIN LATERAL (SELECT now() - make_interval(hours => 1 + g * 10) AS signed_up_at) AS s
CROSS JOIN LATERAL (SELECT CASE WHEN g % 25 = 3 THEN 12 ELSE 1 + g % 6 END AS days) AS o
CROSS JOIN LATERAL (SELECT CASE WHEN g % 8 = 5 THEN 30 ELSE 2 + g % 10 END AS hours) AS v;

-- Daily acquisition spend per channel (about $600 a day).
CREATE TABLE acct.marketing_spend (
  day timestamptz NOT NULL,
  channel text NOT NULL,
  amount numeric NOT NULL
);

INSERT INTO acct.marketing_spend
SELECT date_trunc('day', now()) - make_interval(days => d), c.channel, c.amount + (d % 5) * 10
FROM generate_series(0, 260) AS d
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
FROM generate_series(0, 464) AS g;

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
FROM generate_series(0, 1560) AS g;

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
FROM generate_series(0, 260) AS d
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
  ocr_fields_correct integer NOT NULL,
  classified_correct integer NOT NULL,
  extraction_fields integer NOT NULL,
  extraction_correct integer NOT NULL
);

INSERT INTO acct.document_batches
SELECT now() - make_interval(mins => 10 + h * 60),
       (ARRAY['invoice', 'receipt', 'bank statement', 'tax form'])[1 + h % 4],
       b.documents,
       b.documents * (18 + h % 9),
       CASE WHEN h % 3 = 0 THEN 2 ELSE 0 END,
       b.documents * 20,
       b.documents * 20 - CASE WHEN h % 2 = 0 THEN 8 ELSE 3 END,
       b.documents - CASE WHEN h % 3 = 1 THEN 1 ELSE 0 END,
       b.documents * 12,
       b.documents * 12 - CASE WHEN h % 4 = 0 THEN 6 ELSE 3 END
FROM generate_series(0, 6240) AS h
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
FROM generate_series(0, 6240) AS h;

-- A workflow created every 6 hours, by 26 of the 40 organizations.
CREATE TABLE acct.workflows (
  created_at timestamptz NOT NULL,
  org text NOT NULL,
  template text NOT NULL
);

INSERT INTO acct.workflows
SELECT now() - make_interval(hours => 2 + g * 6), 'org-' || (g * 3) % 26,
       (ARRAY['custom', 'month-end close', 'invoice approval', 'tax prep'])[1 + g % 4]
FROM generate_series(0, 1040) AS g;

-- QuickBooks syncs for 37 of the 40 organizations, scheduled on the clock: one finishes at
-- :01, :21 and :41 of every hour, so the calendar month (and day) has a sync from its first
-- minutes on. 1 in 140 fails and is resolved 10 to 28 minutes later.
CREATE TABLE acct.qb_syncs (
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  org text NOT NULL,
  sync_type text NOT NULL,
  status text NOT NULL,
  resolved_at timestamptz,
  records integer NOT NULL,
  records_mismatched integer NOT NULL
);

INSERT INTO acct.qb_syncs
SELECT f.finished_at - make_interval(secs => CASE WHEN g % 6 = 0 THEN 50 + (g % 7) * 10 ELSE 5 + g % 20 END),
       f.finished_at,
       'org-' || g % 37,
       CASE WHEN g % 6 = 0 THEN 'full' ELSE 'incremental' END,
       CASE WHEN g % 140 = 9 THEN 'failed' ELSE 'succeeded' END,
       CASE WHEN g % 140 = 9 THEN f.finished_at + make_interval(mins => 10 + g % 19) END,
       50 + g % 200,
       CASE WHEN g % 50 = 7 THEN 3 ELSE 0 END
FROM generate_series(0, 18800) AS g
CROSS JOIN LATERAL (SELECT date_trunc('hour', now()) + make_interval(mins => 1 - g * 20) AS finished_at) AS f
WHERE f.finished_at <= now();

-- Hourly availability of the app, the API and the QuickBooks connector: a 3-minute blip
-- every 6 days per service (5 minutes every 200 hours for the connector). Planned
-- maintenance, 2 hours every 2 weeks on the app, is announced and not counted as down.
-- A database failover took the API down for 70 minutes about 4 days ago: uptime is red.
CREATE TABLE acct.availability_hourly (
  hour timestamptz NOT NULL,
  service text NOT NULL,
  up_minutes numeric NOT NULL,
  total_minutes numeric NOT NULL,
  planned_minutes numeric NOT NULL
);

INSERT INTO acct.availability_hourly
SELECT date_trunc('hour', now()) - make_interval(hours => h),
       s.service,
       60 - CASE WHEN s.service = 'quickbooks' AND h % 200 = 17 THEN 5
                 WHEN s.service = 'api' AND h = 103 THEN 60
                 WHEN s.service = 'api' AND h = 102 THEN 10
                 WHEN s.service <> 'quickbooks' AND (h + s.shift) % 144 = 50 THEN 3 ELSE 0 END,
       60,
       CASE WHEN s.service = 'app' AND h % 336 IN (100, 101) THEN 60 ELSE 0 END
FROM generate_series(0, 6240) AS h
CROSS JOIN (VALUES ('app', 0), ('api', 72), ('quickbooks', 0)) AS s(service, shift);

-- Sampled requests every 15 minutes: 0.6 to 1.9 seconds, a rare 5xx. In the last 24 hours
-- the load outgrew the capacity (CPU above 85 %, below): 0.3 s slower, and the heaviest
-- requests take over 3 seconds (p95 red, average yellow).
CREATE TABLE acct.request_samples (
  requested_at timestamptz NOT NULL,
  endpoint text NOT NULL,
  duration_ms integer NOT NULL,
  status_code integer NOT NULL
);

INSERT INTO acct.request_samples
SELECT now() - make_interval(mins => g * 15),
       (ARRAY['/api/documents', '/api/workflows', '/api/clients', '/api/reports'])[1 + g % 4],
       600 + (g % 14) * 100 + CASE WHEN g < 96 THEN 300 + CASE WHEN g % 14 >= 12 THEN 1400 ELSE 0 END ELSE 0 END,
       CASE WHEN g % 1500 = 77 THEN 502 ELSE 200 END
FROM generate_series(0, 25000) AS g;

-- Incidents every 4 days, recovered in 12 to 36 minutes (the failover 4 days ago in 70);
-- one critical security incident
-- 40 days ago (never in the current calendar month, so the monthly count is 0).
CREATE TABLE acct.incidents (
  started_at timestamptz NOT NULL,
  resolved_at timestamptz NOT NULL,
  severity text NOT NULL,
  category text NOT NULL
);

INSERT INTO acct.incidents
SELECT r.resolved_at - make_interval(mins => CASE WHEN g = 1 THEN 70 ELSE 12 + (g * 13) % 25 END),
       r.resolved_at,
       (ARRAY['minor', 'major', 'minor'])[1 + g % 3],
       'availability'
FROM generate_series(0, 64) AS g
CROSS JOIN LATERAL (SELECT now() - make_interval(hours => 6 + g * 96) AS resolved_at) AS r;

INSERT INTO acct.incidents
VALUES (now() - interval '40 days 2 hours', now() - interval '40 days', 'critical', 'security');

-- 200 users in the 40 organizations, one every 1.5 days over the last 300 days (a quarterly
-- report's 90-day retention reads users created up to 300 days before now).
CREATE TABLE acct.users (
  user_id integer PRIMARY KEY,
  org text NOT NULL,
  created_at timestamptz NOT NULL
);

INSERT INTO acct.users
SELECT u, 'org-' || u % 40, date_trunc('day', now()) - make_interval(days => 300 - u * 3 / 2) + interval '7 hours'
FROM generate_series(0, 199) AS u;

-- One session per user and active day over the last 250 days (a quarterly report compares the
-- previous quarter's last week and month with the ones before): a user is active on 3 days out
-- of 4; every 50th user never comes back, every 20th (from the 2nd) stops after 60 days.
-- A session lists the features it used; the AI copilot, released 25 days ago, is in the
-- sessions of every third user since (the month's feature discoveries).
CREATE TABLE acct.sessions (
  started_at timestamptz NOT NULL,
  user_id integer NOT NULL,
  org text NOT NULL,
  minutes integer NOT NULL,
  features text[] NOT NULL
);

INSERT INTO acct.sessions
SELECT s.started_at,
       u.user_id,
       u.org,
       16 + (u.user_id + d) % 21,
       array_remove(ARRAY[
         CASE WHEN (u.user_id + d) % 10 < 8 THEN 'dashboards' END,
         CASE WHEN u.user_id % 10 < 9 THEN 'documents' END,
         CASE WHEN u.user_id % 4 <> 0 THEN 'workflows' END,
         CASE WHEN u.user_id % 10 < 7 THEN 'analytics' END,
         CASE WHEN u.user_id % 20 < 17 THEN 'quickbooks' END,
         CASE WHEN u.user_id % 5 < 2 THEN 'automation_rules' END,
         CASE WHEN u.user_id % 40 < 13 AND d % 7 = 0 THEN 'custom_analytics' END,
         CASE WHEN u.user_id % 3 = 0 AND d < 25 AND d % 2 = 0 THEN 'ai_copilot' END
       ], NULL)
FROM acct.users AS u
CROSS JOIN generate_series(0, 249) AS d
CROSS JOIN LATERAL (SELECT date_trunc('day', now()) - make_interval(days => d)
                           + make_interval(hours => 8 + u.user_id % 10, mins => u.user_id % 60) AS started_at) AS s
WHERE u.user_id % 50 <> 0
  AND (u.user_id * 37 + d * 11) % 100 < 75
  AND s.started_at >= u.created_at
  AND NOT (u.user_id % 20 = 1 AND s.started_at >= u.created_at + interval '60 days');

-- Product feedback: a feature request every 9 hours, a bug report every 20 hours.
CREATE TABLE acct.feedback (
  submitted_at timestamptz NOT NULL,
  kind text NOT NULL
);

INSERT INTO acct.feedback
SELECT now() - make_interval(hours => 1 + g * 9), 'feature_request' FROM generate_series(0, 680) AS g;
INSERT INTO acct.feedback
SELECT now() - make_interval(hours => 3 + g * 20), 'bug_report' FROM generate_series(0, 310) AS g;

-- Support tickets every 3 hours.
CREATE TABLE acct.support_tickets (
  opened_at timestamptz NOT NULL,
  priority text NOT NULL
);

INSERT INTO acct.support_tickets
SELECT now() - make_interval(mins => 20 + g * 180), (ARRAY['low', 'medium', 'high', 'medium'])[1 + g % 4]
FROM generate_series(0, 2080) AS g;

-- Infrastructure every 5 minutes for 200 days: utilization, query time, load. The last 24 hours
-- run hot after a wave of new organizations: CPU 87 % on average (red), memory 83 % (yellow).
CREATE TABLE acct.infra_5m (
  at timestamptz NOT NULL,
  cpu_pct numeric NOT NULL,
  mem_pct numeric NOT NULL,
  storage_pct numeric NOT NULL,
  network_pct numeric NOT NULL,
  db_query_ms numeric NOT NULL,
  requests integer NOT NULL,
  concurrent_users integer NOT NULL
);

INSERT INTO acct.infra_5m
SELECT date_trunc('minute', now()) - make_interval(mins => 2 + i * 5),
       CASE WHEN i < 288 THEN 82 ELSE 60 END + i % 12,
       CASE WHEN i < 288 THEN 78 ELSE 70 END + i % 11,
       79 + (i / 288) % 3,
       30 + (i % 24) * 1.2,
       60 + (i % 9) * 8,
       300 * (2000 + (i % 288) * 12),
       1200 + (i % 288) * 3
FROM generate_series(0, 57599) AS i; -- 200 days: quarterly reports read the last day of the previous quarter

-- Daily infrastructure cost, users and transactions, 560 days back (for the year-over-year
-- cost per user): users grow faster than cost.
CREATE TABLE acct.infra_cost_daily (
  day timestamptz NOT NULL,
  cost numeric NOT NULL,
  users integer NOT NULL,
  transactions integer NOT NULL
);

INSERT INTO acct.infra_cost_daily
SELECT date_trunc('day', now()) - make_interval(days => d),
       round(2300 * (1 - d * 0.0002), 2),
       round(4000 * (1 - d * 0.0006)),
       round(120000 * (1 - d * 0.0006))
FROM generate_series(0, 560) AS d;

-- Closed deals every 14 hours; every other one against a competitor.
CREATE TABLE acct.deals (
  closed_at timestamptz NOT NULL,
  outcome text NOT NULL,
  competitive boolean NOT NULL,
  amount numeric NOT NULL
);

INSERT INTO acct.deals
SELECT now() - make_interval(hours => 5 + g * 14),
       CASE WHEN g % 9 IN (0, 4) THEN 'lost' ELSE 'won' END,
       g % 2 = 0,
       3000 + (g % 5) * 1500
FROM generate_series(0, 444) AS g;

-- Upsell offers prompted by analytics insights, every 10 hours; 1 in 4 accepted.
CREATE TABLE acct.upsell_offers (
  offered_at timestamptz NOT NULL,
  org text NOT NULL,
  accepted boolean NOT NULL
);

INSERT INTO acct.upsell_offers
SELECT now() - make_interval(hours => 2 + g * 10), 'org-' || g % 40, g % 4 = 0
FROM generate_series(0, 622) AS g;

-- Feature releases every 9 days.
CREATE TABLE acct.releases (
  released_at timestamptz NOT NULL,
  feature text NOT NULL
);

INSERT INTO acct.releases
SELECT now() - make_interval(days => 2 + g * 9), 'release ' || (30 - g) FROM generate_series(0, 14) AS g;

-- Security findings every 5 days, every third critical, fixed 6 to 25 hours later.
CREATE TABLE acct.vulnerabilities (
  reported_at timestamptz NOT NULL,
  fixed_at timestamptz NOT NULL,
  severity text NOT NULL
);

INSERT INTO acct.vulnerabilities
SELECT f.fixed_at - make_interval(hours => 6 + (g * 7) % 20), f.fixed_at,
       CASE WHEN g % 3 = 0 THEN 'critical' ELSE 'moderate' END
FROM generate_series(0, 52) AS g
CROSS JOIN LATERAL (SELECT now() - make_interval(hours => 4 + g * 120) AS fixed_at) AS f;

-- Daily access-control checks and policy violations.
CREATE TABLE acct.access_checks_daily (
  day timestamptz NOT NULL,
  checks integer NOT NULL,
  violations integer NOT NULL
);

INSERT INTO acct.access_checks_daily
SELECT date_trunc('day', now()) - make_interval(days => d), 50000, 30 + d % 20
FROM generate_series(0, 260) AS d;

-- Backups every 2 hours; one in 500 fails.
CREATE TABLE acct.backups (
  finished_at timestamptz NOT NULL,
  status text NOT NULL
);

INSERT INTO acct.backups
SELECT now() - make_interval(mins => 40 + g * 120), CASE WHEN g % 500 = 250 THEN 'failed' ELSE 'succeeded' END
FROM generate_series(0, 3120) AS g;

-- Hourly analytics counters: reports generated.
CREATE TABLE acct.analytics_hourly (
  hour timestamptz NOT NULL,
  reports_generated integer NOT NULL
);

INSERT INTO acct.analytics_hourly
SELECT date_trunc('hour', now()) - make_interval(hours => h), 1 + h % 3
FROM generate_series(0, 6240) AS h;


-- Daily MRR movements of the customers who were paying a year earlier (the net revenue
-- retention cohort): expansion, contraction and churned MRR, 830 days back: the 12-month
-- movements before the previous quarter's end and the 12 months before those (its change),
-- up to 92 + 2 × 365 days back.
CREATE TABLE acct.mrr_movements (
  day timestamptz NOT NULL,
  kind text NOT NULL,
  amount numeric NOT NULL
);

INSERT INTO acct.mrr_movements
SELECT date_trunc('day', now()) - make_interval(days => d), m.kind, m.amount + (d % 3) * 10
FROM generate_series(0, 830) AS d
CROSS JOIN (VALUES ('expansion', 690), ('contraction', 140), ('churn', 190)) AS m(kind, amount);

-- Indexes on the time columns, as a real schema has them: trends scan a window per point.
CREATE INDEX ON acct.mrr_daily (day);
CREATE INDEX ON acct.mrr_movements (day);
CREATE INDEX ON acct.orgs (signed_up_at);
CREATE INDEX ON acct.marketing_spend (day);
CREATE INDEX ON acct.churn_events (churned_at);
CREATE INDEX ON acct.nps_responses (submitted_at);
CREATE INDEX ON acct.user_activity_daily (day);
CREATE INDEX ON acct.document_batches (processed_at);
CREATE INDEX ON acct.workflow_hourly (hour);
CREATE INDEX ON acct.workflows (created_at);
CREATE INDEX ON acct.qb_syncs (finished_at);
CREATE INDEX ON acct.availability_hourly (hour);
CREATE INDEX ON acct.request_samples (requested_at);
CREATE INDEX ON acct.incidents (resolved_at);
CREATE INDEX ON acct.users (created_at);
CREATE INDEX ON acct.sessions (started_at);
CREATE INDEX ON acct.feedback (submitted_at);
CREATE INDEX ON acct.support_tickets (opened_at);
CREATE INDEX ON acct.infra_5m (at);
CREATE INDEX ON acct.infra_cost_daily (day);
CREATE INDEX ON acct.deals (closed_at);
CREATE INDEX ON acct.upsell_offers (offered_at);
CREATE INDEX ON acct.releases (released_at);
CREATE INDEX ON acct.vulnerabilities (fixed_at);
CREATE INDEX ON acct.access_checks_daily (day);
CREATE INDEX ON acct.backups (finished_at);
CREATE INDEX ON acct.analytics_hourly (hour);
CREATE INDEX ON acct.sessions (user_id, started_at); -- the retention cohorts look users up

-- Community forum posts: every sixth user posts every third day.
CREATE TABLE acct.forum_posts (
  posted_at timestamptz NOT NULL,
  user_id integer NOT NULL,
  topic text NOT NULL
);

INSERT INTO acct.forum_posts
SELECT date_trunc('day', now()) - make_interval(days => d, hours => -(9 + u % 8)), u,
       (ARRAY['month-end close', 'QuickBooks sync', 'workflows', 'tax season'])[1 + (u + d) % 4]
FROM generate_series(0, 199) AS u
CROSS JOIN generate_series(1, 240) AS d
WHERE u % 6 = 0 AND (u + d) % 3 = 0;

-- User-generated content marketing publishes: a testimonial or a case study every 9 days.
CREATE TABLE acct.customer_stories (
  published_at timestamptz NOT NULL,
  kind text NOT NULL,
  org text NOT NULL
);

INSERT INTO acct.customer_stories
SELECT now() - make_interval(days => 4 + g * 9), CASE WHEN g % 3 = 0 THEN 'case study' ELSE 'testimonial' END, 'org-' || (g * 7) % 40
FROM generate_series(0, 28) AS g;

CREATE INDEX ON acct.forum_posts (posted_at);
CREATE INDEX ON acct.customer_stories (published_at);

-- Quarterly surveys and the time study (manual KPIs).
DELETE FROM openkpi.measurement WHERE kpi IN ('csat', 'customer_effort_score', 'manual_work_reduction');

INSERT INTO openkpi.measurement (kpi, time, value, note, recorded_by)
SELECT m.kpi, now() - make_interval(days => m.days_ago), m.value, m.note, m.recorded_by
FROM (VALUES
  ('csat', 280, 4.2, 'Q1 customer survey, 390 answers', 'cs-analytics'),
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

-- Audits, FinOps reviews, feature surveys and time studies (manual KPIs).
DELETE FROM openkpi.measurement WHERE kpi IN (
  'task_time_reduction', 'error_rate_reduction', 'user_efficiency_gain', 'market_share',
  'brand_recognition', 'resource_right_sizing', 'autoscaling_accuracy', 'reserved_instance_utilization',
  'pen_test_pass_rate', 'compliance_audit_score', 'security_training_completion', 'encryption_coverage',
  'audit_trail_completeness', 'feature_satisfaction_documents', 'feature_satisfaction_workflows', 'feature_satisfaction_analytics',
  'feature_satisfaction_quickbooks', 'support_satisfaction', 'training_completion', 'ai_training_data_quality',
  'ai_user_confidence', 'time_savings_per_workflow', 'process_cost_reduction', 'workflow_quality_improvement',
  'regulated_compliance', 'workflow_productivity_gain', 'manual_data_entry_reduction', 'reconciliation_time_reduction',
  'financial_reporting_accuracy', 'insight_actionability', 'predictive_model_accuracy', 'risk_prediction_accuracy',
  'decision_speed_improvement', 'revenue_optimization_impact', 'cost_reduction_identified', 'infra_budget',
  'workflow_completion_time_improvement'
);

INSERT INTO openkpi.measurement (kpi, time, value, note, recorded_by)
SELECT m.kpi, now() - make_interval(days => m.days_ago), m.value, m.note, m.recorded_by
FROM (VALUES
  ('task_time_reduction', 190, 38, 'Time study: tasks 46% faster than before AdvisorOS', 'product'),
  ('task_time_reduction', 100, 42, 'Q3 round', 'product'),
  ('task_time_reduction', 10, 46, 'Time study: tasks 46% faster than before AdvisorOS', 'product'),
  ('workflow_completion_time_improvement', 190, 48, 'Time study: workflows against the manual process', 'product'),
  ('workflow_completion_time_improvement', 100, 56, 'Q3 round', 'product'),
  ('workflow_completion_time_improvement', 10, 63, 'Time study: workflows 63% faster than the manual process', 'product'),
  ('error_rate_reduction', 190, 74, 'Time study: 82% fewer errors than manual entry', 'product'),
  ('error_rate_reduction', 100, 78, 'Q3 round', 'product'),
  ('error_rate_reduction', 10, 82, 'Time study: 82% fewer errors than manual entry', 'product'),
  ('user_efficiency_gain', 190, 35, 'Time study', 'product'),
  ('user_efficiency_gain', 100, 38, 'Q3 round', 'product'),
  ('user_efficiency_gain', 10, 42, 'Time study', 'product'),
  ('market_share', 190, 3.1, 'Analyst report', 'strategy'),
  ('market_share', 100, 3.4, 'Q3 round', 'strategy'),
  ('market_share', 10, 3.6, 'Analyst report', 'strategy'),
  ('brand_recognition', 190, 22, 'Brand survey, aided awareness', 'marketing'),
  ('brand_recognition', 100, 24, 'Q3 round', 'marketing'),
  ('brand_recognition', 10, 26, 'Brand survey, aided awareness', 'marketing'),
  ('resource_right_sizing', 190, 93, 'FinOps review', 'finops'),
  ('resource_right_sizing', 100, 94, 'Q3 round', 'finops'),
  ('resource_right_sizing', 10, 96, 'FinOps review', 'finops'),
  ('autoscaling_accuracy', 190, 97.5, 'FinOps review', 'finops'),
  ('autoscaling_accuracy', 100, 98.0, 'Q3 round', 'finops'),
  ('autoscaling_accuracy', 10, 98.4, 'FinOps review', 'finops'),
  ('reserved_instance_utilization', 190, 88, 'FinOps review', 'finops'),
  ('reserved_instance_utilization', 100, 90, 'Q3 round', 'finops'),
  ('reserved_instance_utilization', 10, 92, 'FinOps review', 'finops'),
  ('pen_test_pass_rate', 190, 94, 'External penetration test', 'security'),
  ('pen_test_pass_rate', 100, 96, 'Q3 round', 'security'),
  ('pen_test_pass_rate', 10, 97, 'External penetration test', 'security'),
  ('compliance_audit_score', 190, 97.5, 'SOC 2 readiness audit', 'security'),
  ('compliance_audit_score', 100, 98.0, 'Q3 round', 'security'),
  ('compliance_audit_score', 10, 98.6, 'SOC 2 readiness audit', 'security'),
  ('security_training_completion', 190, 92, 'LMS export: 97% of team members', 'security'),
  ('security_training_completion', 100, 94, 'Q3 round', 'security'),
  ('security_training_completion', 10, 97, 'LMS export: 97% of team members', 'security'),
  ('encryption_coverage', 190, 100, 'Data inventory audit', 'security'),
  ('encryption_coverage', 100, 100, 'Q3 round', 'security'),
  ('encryption_coverage', 10, 100, 'Data inventory audit', 'security'),
  ('audit_trail_completeness', 190, 100, 'Audit log review', 'security'),
  ('audit_trail_completeness', 100, 100, 'Q3 round', 'security'),
  ('audit_trail_completeness', 10, 100, 'Audit log review', 'security'),
  ('feature_satisfaction_documents', 190, 4.4, 'In-app feature survey', 'product'),
  ('feature_satisfaction_documents', 100, 4.5, 'Q3 round', 'product'),
  ('feature_satisfaction_documents', 10, 4.6, 'In-app feature survey', 'product'),
  ('feature_satisfaction_workflows', 190, 4.3, 'In-app feature survey', 'product'),
  ('feature_satisfaction_workflows', 100, 4.3, 'Q3 round', 'product'),
  ('feature_satisfaction_workflows', 10, 4.4, 'In-app feature survey', 'product'),
  ('feature_satisfaction_analytics', 190, 4.5, 'In-app feature survey', 'product'),
  ('feature_satisfaction_analytics', 100, 4.5, 'Q3 round', 'product'),
  ('feature_satisfaction_analytics', 10, 4.6, 'In-app feature survey', 'product'),
  ('feature_satisfaction_quickbooks', 190, 4.6, 'In-app feature survey', 'product'),
  ('feature_satisfaction_quickbooks', 100, 4.7, 'Q3 round', 'product'),
  ('feature_satisfaction_quickbooks', 10, 4.7, 'In-app feature survey', 'product'),
  ('support_satisfaction', 190, 4.7, 'Post-ticket survey', 'support'),
  ('support_satisfaction', 100, 4.8, 'Q3 round', 'support'),
  ('support_satisfaction', 10, 4.8, 'Post-ticket survey', 'support'),
  ('training_completion', 190, 81, 'Academy completions', 'customer-success'),
  ('training_completion', 100, 84, 'Q3 round', 'customer-success'),
  ('training_completion', 10, 87, 'Academy completions', 'customer-success'),
  ('ai_training_data_quality', 190, 94, 'Validation of the labelled set', 'ai-team'),
  ('ai_training_data_quality', 100, 95, 'Q3 round', 'ai-team'),
  ('ai_training_data_quality', 10, 96, 'Validation of the labelled set', 'ai-team'),
  ('ai_user_confidence', 190, 4.2, 'In-app survey', 'ai-team'),
  ('ai_user_confidence', 100, 4.3, 'Q3 round', 'ai-team'),
  ('ai_user_confidence', 10, 4.4, 'In-app survey', 'ai-team'),
  ('time_savings_per_workflow', 190, 1.6, 'Time study', 'workflow-team'),
  ('time_savings_per_workflow', 100, 1.9, 'Q3 round', 'workflow-team'),
  ('time_savings_per_workflow', 10, 2.1, 'Time study', 'workflow-team'),
  ('process_cost_reduction', 190, 31, 'Process costing', 'workflow-team'),
  ('process_cost_reduction', 100, 34, 'Q3 round', 'workflow-team'),
  ('process_cost_reduction', 10, 36, 'Process costing', 'workflow-team'),
  ('workflow_quality_improvement', 190, 44, 'Quality review', 'workflow-team'),
  ('workflow_quality_improvement', 100, 48, 'Q3 round', 'workflow-team'),
  ('workflow_quality_improvement', 10, 52, 'Quality review', 'workflow-team'),
  ('regulated_compliance', 190, 100, 'Compliance review', 'compliance'),
  ('regulated_compliance', 100, 100, 'Q3 round', 'compliance'),
  ('regulated_compliance', 10, 100, 'Compliance review', 'compliance'),
  ('workflow_productivity_gain', 190, 26, 'Time study', 'workflow-team'),
  ('workflow_productivity_gain', 100, 28, 'Q3 round', 'workflow-team'),
  ('workflow_productivity_gain', 10, 31, 'Time study', 'workflow-team'),
  ('manual_data_entry_reduction', 190, 76, 'Time study', 'integrations-team'),
  ('manual_data_entry_reduction', 100, 80, 'Q3 round', 'integrations-team'),
  ('manual_data_entry_reduction', 10, 83, 'Time study', 'integrations-team'),
  ('reconciliation_time_reduction', 190, 62, 'Time study', 'integrations-team'),
  ('reconciliation_time_reduction', 100, 65, 'Q3 round', 'integrations-team'),
  ('reconciliation_time_reduction', 10, 68, 'Time study', 'integrations-team'),
  ('financial_reporting_accuracy', 190, 99.85, 'Reporting audit', 'integrations-team'),
  ('financial_reporting_accuracy', 100, 99.89, 'Q3 round', 'integrations-team'),
  ('financial_reporting_accuracy', 10, 99.93, 'Reporting audit', 'integrations-team'),
  ('insight_actionability', 190, 4.3, 'Usefulness survey', 'analytics-team'),
  ('insight_actionability', 100, 4.4, 'Q3 round', 'analytics-team'),
  ('insight_actionability', 10, 4.5, 'Usefulness survey', 'analytics-team'),
  ('predictive_model_accuracy', 190, 83, 'Model evaluation on the hold-out set', 'analytics-team'),
  ('predictive_model_accuracy', 100, 84, 'Q3 round', 'analytics-team'),
  ('predictive_model_accuracy', 10, 86, 'Model evaluation on the hold-out set', 'analytics-team'),
  ('risk_prediction_accuracy', 190, 87, 'Backtest of churn-risk flags', 'analytics-team'),
  ('risk_prediction_accuracy', 100, 89, 'Q3 round', 'analytics-team'),
  ('risk_prediction_accuracy', 10, 91, 'Backtest of churn-risk flags', 'analytics-team'),
  ('decision_speed_improvement', 190, 41, 'Customer interviews', 'analytics-team'),
  ('decision_speed_improvement', 100, 44, 'Q3 round', 'analytics-team'),
  ('decision_speed_improvement', 10, 47, 'Customer interviews', 'analytics-team'),
  ('revenue_optimization_impact', 190, 9, 'Customer case studies', 'analytics-team'),
  ('revenue_optimization_impact', 100, 10, 'Q3 round', 'analytics-team'),
  ('revenue_optimization_impact', 10, 12, 'Customer case studies', 'analytics-team'),
  ('cost_reduction_identified', 190, 8, 'Customer case studies', 'analytics-team'),
  ('cost_reduction_identified', 100, 10, 'Q3 round', 'analytics-team'),
  ('cost_reduction_identified', 10, 11, 'Customer case studies', 'analytics-team'),
  ('infra_budget', 190, 72000, 'Budget for the period', 'finops'),
  ('infra_budget', 100, 72000, 'Q3 round', 'finops'),
  ('infra_budget', 10, 72000, 'Budget for the period', 'finops')
) AS m(kpi, days_ago, value, note, recorded_by);
