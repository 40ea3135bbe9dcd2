-- Demo data for examples/product-suite/catalog.yaml.
-- Deterministic (no random()): every row is derived from a generate_series counter, and
-- every instant is relative to now(), so the demo always shows the last ~300 days: the
-- previous quarter whole, with each KPI's window before its start and its comparison window
-- before its end (700 days for invoices: the new-revenue KPI compares the calendar year with
-- the year before; 420 for sales opportunities, whose win rate against competitors compares
-- 180 days with the 180 before). Values that grow do so relative to the day's distance from
-- now (the same figures at now whatever the range), so they stay plausible far back.
-- Idempotent: reloading replaces the schema and this example's manual measurements.

-- openkpi.measurement (manual KPIs) is created by `openkpi migrate`, which runs before this file.

DROP SCHEMA IF EXISTS suite CASCADE;
CREATE SCHEMA suite;

-- A v2.0 deployment every 31 hours.
CREATE TABLE suite.deployments (
  deployed_at timestamptz NOT NULL,
  customer text NOT NULL,
  product text NOT NULL,
  customer_type text NOT NULL,
  tier text NOT NULL
);

INSERT INTO suite.deployments
SELECT now() - make_interval(hours => 3 + g * 31),
       'customer-' || (g * 7) % 90,
       (ARRAY['Compliance Center', 'Service Catalog', 'Automation Orchestrator', 'Observatory', 'AI Insights'])[1 + g % 5],
       (ARRAY['upgrade', 'new', 'upgrade', 'pilot'])[1 + g % 4],
       CASE WHEN g % 3 = 0 THEN 'enterprise' ELSE 'smb' END
FROM generate_series(0, 232) AS g;

-- Daily upgrade progress per tier, industry vertical, region and customer age: about 74% of
-- eligible customers upgraded today, fewer before (the upgrades since the v2.0 launch 370 days
-- ago level off: each day closes a share of the remaining gap); healthcare (compliance review)
-- and the oldest customers upgrade slower.
CREATE TABLE suite.upgrade_snapshots (
  snapshot_at timestamptz NOT NULL,
  tier text NOT NULL,
  vertical text NOT NULL,
  region text NOT NULL,
  customer_age text NOT NULL,
  eligible_customers integer NOT NULL,
  upgraded_customers integer NOT NULL
);

INSERT INTO suite.upgrade_snapshots
SELECT date_trunc('day', now()) - make_interval(days => d),
       t.tier, v.vertical, r.region, a.age,
       round(t.eligible * v.weight * r.weight * a.weight),
       round(round(t.eligible * v.weight * r.weight * a.weight)
             * least(1, greatest(0.05, (t.share + v.adjust + a.adjust)
                                       * (1 - exp(-(370 - d) / 150.0)) / (1 - exp(-370 / 150.0)))))
FROM generate_series(0, 300) AS d
CROSS JOIN (VALUES ('enterprise', 80, 0.85), ('professional', 150, 0.74), ('standard', 270, 0.71)) AS t(tier, eligible, share)
CROSS JOIN (VALUES ('financial services', 0.3, 0.02), ('healthcare', 0.2, -0.08), ('technology', 0.35, 0.03),
                   ('retail', 0.15, 0.0)) AS v(vertical, weight, adjust)
CROSS JOIN (VALUES ('North America', 0.5), ('EMEA', 0.3), ('APAC', 0.2)) AS r(region, weight)
CROSS JOIN (VALUES ('under 1 year', 0.3, 0.05), ('1-3 years', 0.45, 0.0), ('over 3 years', 0.25, -0.07))
  AS a(age, weight, adjust);

-- A customer signed every 16 hours; every 7th is an enterprise customer.
CREATE TABLE suite.customers (
  signed_at timestamptz NOT NULL,
  customer text NOT NULL,
  tier text NOT NULL,
  industry text NOT NULL,
  region text NOT NULL,
  channel text NOT NULL
);

INSERT INTO suite.customers
SELECT now() - make_interval(hours => 2 + g * 16),
       'new-customer-' || g,
       CASE WHEN g % 10 = 0 THEN 'enterprise' WHEN g % 3 = 0 THEN 'professional' ELSE 'standard' END,
       (ARRAY['finance', 'healthcare', 'retail', 'public sector', 'manufacturing'])[1 + g % 5],
       (ARRAY['NA', 'EMEA', 'APAC'])[1 + g % 3],
       (ARRAY['direct', 'partner', 'self-service', 'marketing'])[1 + (g / 2) % 4]
FROM generate_series(0, 450) AS g;

-- Daily usage rollup per product, user role, customer tier and region (users, API calls and
-- errors; disjoint user groups, so the figures add up), growing 2.2% every 10 days.
CREATE TABLE suite.product_usage_daily (
  day timestamptz NOT NULL,
  product text NOT NULL,
  role text NOT NULL,
  tier text NOT NULL,
  region text NOT NULL,
  dau integer NOT NULL,
  wau integer NOT NULL,
  mau integer NOT NULL,
  api_calls bigint NOT NULL,
  api_errors bigint NOT NULL
);

INSERT INTO suite.product_usage_daily
SELECT date_trunc('day', now()) - make_interval(days => d),
       p.product, c.role, c.tier, c.region,
       round(c.w * p.mau * 0.31 * u.f),
       round(c.w * p.mau * 0.62 * u.f),
       round(c.w * p.mau * u.f),
       round(c.w * (p.calls * u.f + (d % 7) * 1000)),
       round(c.w * p.calls * u.f * (0.0025 + (d % 5) * 0.0002))
FROM generate_series(0, 300) AS d
CROSS JOIN LATERAL (SELECT exp(-0.0022 * d) AS f) AS u
CROSS JOIN (VALUES ('Compliance Center', 2900, 260000), ('Service Catalog', 3400, 310000),
                   ('Automation Orchestrator', 2100, 240000), ('Observatory', 2600, 290000),
                   ('AI Insights', 1450, 120000)) AS p(product, mau, calls)
CROSS JOIN LATERAL (
  SELECT r.role, t.tier, g.region, r.w * t.w * g.w AS w
  FROM (VALUES ('admin', 0.1), ('analyst', 0.3), ('end user', 0.6)) AS r(role, w)
  CROSS JOIN (VALUES ('enterprise', 0.45), ('professional', 0.35), ('standard', 0.2)) AS t(tier, w)
  CROSS JOIN (VALUES ('NA', 0.5), ('EMEA', 0.3), ('APAC', 0.2)) AS g(region, w)
) AS c;

-- Sampled API requests every 15 minutes: mostly 40-100 ms, a slow tail; a rare 503, gateway
-- timeout (504) or network error (status 0: the SDK never reached the API).
CREATE TABLE suite.api_requests (
  requested_at timestamptz NOT NULL,
  product text NOT NULL,
  endpoint_category text NOT NULL,
  duration_ms double precision NOT NULL,
  status_code integer NOT NULL
);

INSERT INTO suite.api_requests
SELECT now() - make_interval(mins => g * 15),
       (ARRAY['Compliance Center', 'Service Catalog', 'Automation Orchestrator', 'Observatory', 'AI Insights'])[1 + g % 5],
       (ARRAY['read', 'read', 'write', 'search', 'analytics'])[1 + (g / 5) % 5],
       40 + (g % 13) * 5 + CASE WHEN g % 19 = 7 THEN 90 ELSE 0 END,
       CASE WHEN g % 331 = 5 THEN 503 WHEN g % 613 = 40 THEN 504 WHEN g % 997 = 100 THEN 0 ELSE 200 END
FROM generate_series(0, 28800) AS g;

-- Page loads every 30 minutes: 0.9 to 2.2 seconds.
CREATE TABLE suite.page_loads (
  loaded_at timestamptz NOT NULL,
  page text NOT NULL,
  load_ms integer NOT NULL,
  fcp_ms integer NOT NULL,
  lcp_ms integer NOT NULL,
  tti_ms integer NOT NULL,
  cls numeric NOT NULL
);

INSERT INTO suite.page_loads
SELECT now() - make_interval(mins => g * 30),
       (ARRAY['Dashboard', 'Compliance Center', 'Service Catalog', 'Automation Orchestrator', 'Observatory', 'AI Insights'])[1 + g % 6],
       900 + (g % 15) * 90,
       500 + (g % 11) * 60,
       1100 + (g % 13) * 110,
       1500 + (g % 15) * 120,
       0.02 + (g % 9) * 0.015
FROM generate_series(0, 14400) AS g;

-- Hourly availability per product: a 10-minute outage every 9 days per product, and the
-- v2.0.1 regression took the Automation Orchestrator down for 5 hours 3 days ago, until the
-- rollback (uptime yellow).
CREATE TABLE suite.availability_hourly (
  hour timestamptz NOT NULL,
  product text NOT NULL,
  up_seconds integer NOT NULL,
  total_seconds integer NOT NULL
);

INSERT INTO suite.availability_hourly
SELECT date_trunc('hour', now()) - make_interval(hours => h),
       p.product,
       3600 - CASE WHEN (h + p.shift) % 216 = 100 THEN 600
                   WHEN p.product = 'Automation Orchestrator' AND h BETWEEN 72 AND 76 THEN 3600 ELSE 0 END,
       3600
FROM generate_series(0, 7200) AS h
CROSS JOIN (VALUES ('Compliance Center', 0), ('Service Catalog', 40), ('Automation Orchestrator', 80),
                   ('Observatory', 120), ('AI Insights', 160)) AS p(product, shift);

-- An incident every 2.5 days, resolved in 25 to 109 minutes; monitoring detects 5 in 6 before
-- a customer notices.
CREATE TABLE suite.incidents (
  opened_at timestamptz NOT NULL,
  resolved_at timestamptz NOT NULL,
  product text NOT NULL,
  priority text NOT NULL,
  detected_by text NOT NULL DEFAULT 'monitoring'
);

INSERT INTO suite.incidents
SELECT r.resolved_at - make_interval(mins => 25 + (g * 29) % 85),
       r.resolved_at,
       (ARRAY['Compliance Center', 'Service Catalog', 'Automation Orchestrator', 'Observatory', 'AI Insights'])[1 + g % 5],
       (ARRAY['low', 'medium', 'high', 'medium', 'critical'])[1 + g % 5],
       CASE WHEN g % 6 = 1 THEN 'customer' ELSE 'monitoring' END
FROM generate_series(0, 120) AS g
CROSS JOIN LATERAL (SELECT now() - make_interval(hours => 4 + g * 60) AS resolved_at) AS r;

-- The v2.0.1 regression's outage (see the availability above), resolved by the rollback.
INSERT INTO suite.incidents
VALUES (date_trunc('hour', now()) - interval '76 hours', date_trunc('hour', now()) - interval '71 hours',
        'Automation Orchestrator', 'critical', 'customer');

-- Bugs: one reported every 20 hours, closed after 3 to 12 days; the open ones are the backlog.
CREATE TABLE suite.bugs (
  opened_at timestamptz NOT NULL,
  closed_at timestamptz,
  severity text NOT NULL,
  product text NOT NULL
);

INSERT INTO suite.bugs
SELECT o.opened_at,
       CASE WHEN o.opened_at + make_interval(days => 3 + g % 10) <= now()
            THEN o.opened_at + make_interval(days => 3 + g % 10) END,
       (ARRAY['low', 'medium', 'high', 'medium', 'critical', 'low', 'medium'])[1 + g % 7],
       (ARRAY['Compliance Center', 'Service Catalog', 'Automation Orchestrator', 'Observatory', 'AI Insights'])[1 + g % 5]
FROM generate_series(0, 360) AS g
CROSS JOIN LATERAL (SELECT now() - make_interval(hours => 5 + g * 20) AS opened_at) AS o;

-- The v2.0.1 release regressed the Automation Orchestrator: five critical bugs in the last
-- four days, all still open (with the usual one, the open critical bugs are red).
INSERT INTO suite.bugs
SELECT now() - make_interval(hours => 3 + g * 19), NULL, 'critical', 'Automation Orchestrator'
FROM generate_series(0, 4) AS g;

-- The bug backlog as a daily snapshot: one row per bug and day for the bugs still open at the
-- end of that day (today's row: open now), so the open bugs at a past instant are that day's
-- rows. A bug is open from opened_at (included) to closed_at (excluded).
CREATE VIEW suite.bugs_open_daily AS
SELECT d.day, b.severity, b.product
FROM suite.bugs AS b
CROSS JOIN LATERAL generate_series(date_trunc('day', b.opened_at, 'UTC') - interval '1 day',
                                   date_trunc('day', coalesce(b.closed_at, now()), 'UTC'),
                                   interval '1 day') AS d(day)
WHERE b.opened_at <= d.day + interval '1 day'
  AND (b.closed_at IS NULL OR b.closed_at > d.day + interval '1 day');

-- In-product survey, 8 answers a day: NPS 0-10, CSAT 1-5, CES 1-7 (null when skipped).
CREATE TABLE suite.survey_responses (
  submitted_at timestamptz NOT NULL,
  tier text NOT NULL,
  product text NOT NULL,
  nps_score integer,
  csat integer,
  ces integer,
  activity text NOT NULL -- what the customer did before the CES question
);

INSERT INTO suite.survey_responses
SELECT now() - make_interval(mins => 20 + g * 180),
       (ARRAY['enterprise', 'professional', 'standard'])[1 + g % 3],
       (ARRAY['Compliance Center', 'Service Catalog', 'Automation Orchestrator', 'Observatory', 'AI Insights'])[1 + (g / 3) % 5],
       (ARRAY[10, 9, 9, 10, 8, 7, 9, 10, 6, 3, 9, 10, 9, 9, 5, 10, 9, 7, 10, 9])[1 + g % 20],
       (ARRAY[5, 4, 5, 5, 3, 4, 5, 4, 5, 5, 4, 5, 4, 5, 4, 5, 5, 4, 5, 4])[1 + g % 20],
       CASE WHEN g % 9 = 4 THEN NULL ELSE (ARRAY[1, 2, 2, 1, 3, 2, 1, 2])[1 + g % 8]
                                          + CASE WHEN (g / 2) % 5 = 4 AND g % 8 = 4 THEN 2 ELSE 0 END END,
       (ARRAY['deployment', 'configuration', 'daily usage', 'support request', 'upgrade'])[1 + (g / 2) % 5]
FROM generate_series(0, 2400) AS g;

-- Daily customers per tier: active count, churned that day, and MRR. Standard-tier churn
-- doubled in the last 45 days (the critical churn KPI).
CREATE TABLE suite.customer_daily (
  day timestamptz NOT NULL,
  tier text NOT NULL,
  active_customers integer NOT NULL,
  churned_customers integer NOT NULL,
  mrr numeric NOT NULL
);

INSERT INTO suite.customer_daily
SELECT date_trunc('day', now()) - make_interval(days => d),
       t.tier,
       t.active - d / 4,
       CASE t.tier
         WHEN 'enterprise' THEN CASE WHEN d % 10 = 0 THEN 1 ELSE 0 END
         WHEN 'professional' THEN CASE WHEN d % 2 = 0 THEN 1 ELSE 0 END
         ELSE CASE WHEN d < 45 THEN 1 + d % 2 ELSE 1 END
       END,
       (t.active - d / 4) * t.price
FROM generate_series(0, 300) AS d
CROSS JOIN (VALUES ('enterprise', 200, 2500), ('professional', 500, 600), ('standard', 1300, 150)) AS t(tier, active, price);

-- One row per churned customer of the daily rollup: 1 in 4 involuntary (payment failed), the
-- voluntary ones with the reason given; the standard tier's extra churn is mostly price.
CREATE TABLE suite.churn_events (
  churned_at timestamptz NOT NULL,
  tier text NOT NULL,
  kind text NOT NULL,
  reason text NOT NULL
);

INSERT INTO suite.churn_events
SELECT c.day, c.tier, k.kind,
       CASE WHEN k.kind = 'involuntary' THEN 'payment failed'
            WHEN c.tier = 'standard' AND c.day > now() - interval '45 days' AND x.i % 3 <> 2 THEN 'price'
            ELSE (ARRAY['price', 'features', 'performance', 'support', 'competition', 'other'])[1 + x.i % 6] END
FROM suite.customer_daily AS c
CROSS JOIN LATERAL generate_series(1, c.churned_customers) AS n
CROSS JOIN LATERAL (SELECT (extract(epoch FROM c.day)::bigint / 86400 + n + length(c.tier))::integer AS i) AS x
CROSS JOIN LATERAL (SELECT CASE WHEN x.i % 4 = 0 THEN 'involuntary' ELSE 'voluntary' END AS kind) AS k;

-- Customer feedback items (in-app, e-mail, review sites, sales calls) every 5 hours, with the
-- sentiment and theme the text classifier gave them.
CREATE TABLE suite.feedback (
  submitted_at timestamptz NOT NULL,
  channel text NOT NULL,
  sentiment text NOT NULL,
  theme text NOT NULL
);

INSERT INTO suite.feedback
SELECT now() - make_interval(hours => 2 + g * 5),
       (ARRAY['in-app', 'email', 'review site', 'sales call'])[1 + g % 4],
       (ARRAY['positive', 'positive', 'neutral', 'positive', 'negative', 'positive', 'neutral', 'positive', 'positive', 'negative'])[1 + g % 10],
       (ARRAY['ease of use', 'integrations', 'ease of use', 'performance', 'pricing', 'support', 'integrations',
              'reporting', 'ease of use', 'performance'])[1 + (g / 3) % 10]
FROM generate_series(0, 1440) AS g;

-- Daily invoices by revenue type for 700 days: new business grows 15% a year (the new-revenue
-- KPI compares this calendar year with the last), expansion and renewals stay flat.
CREATE TABLE suite.invoices (
  invoiced_at timestamptz NOT NULL,
  customer text NOT NULL,
  tier text NOT NULL,
  product text NOT NULL,
  revenue_type text NOT NULL,
  amount numeric NOT NULL
);

INSERT INTO suite.invoices
SELECT date_trunc('day', now()) - make_interval(days => d) + interval '9 hours',
       'customer-' || (d * 3) % 90,
       (ARRAY['enterprise', 'professional', 'standard'])[1 + d % 3],
       (ARRAY['Compliance Center', 'Service Catalog', 'Automation Orchestrator', 'Observatory', 'AI Insights'])[1 + d % 5],
       r.revenue_type,
       round((r.base + (d % 7) * r.step) * CASE r.revenue_type WHEN 'new' THEN exp(-0.00038 * d) ELSE 1 END)
FROM generate_series(0, 700) AS d
CROSS JOIN (VALUES ('new', 11500, 1000), ('expansion', 4000, 500), ('renewal', 20000, 800)) AS r(revenue_type, base, step);

-- Daily finance: revenue, cost of revenue (about 55% of revenue) and acquisition spend.
CREATE TABLE suite.finance_daily (
  day timestamptz NOT NULL,
  revenue numeric NOT NULL,
  cost_infrastructure numeric NOT NULL,
  cost_support numeric NOT NULL,
  cost_development numeric NOT NULL,
  cost_other numeric NOT NULL,
  acquisition_spend numeric NOT NULL
);

INSERT INTO suite.finance_daily
SELECT date_trunc('day', now()) - make_interval(days => d),
       33000 + (d % 7) * 500,
       7000 + (d % 3) * 200,
       4500,
       5200,
       1400,
       2800 + (d % 4) * 150
FROM generate_series(0, 300) AS d;

-- Support tickets every 2 hours; unresolved when the resolution would be in the future.
CREATE TABLE suite.tickets (
  opened_at timestamptz NOT NULL,
  first_response_at timestamptz,
  resolved_at timestamptz,
  priority text NOT NULL,
  channel text NOT NULL,
  category text NOT NULL,
  satisfaction integer, -- post-ticket survey, 1-5 (NULL: not answered)
  nps_score integer -- post-ticket survey, 0-10 (NULL: not answered)
);

INSERT INTO suite.tickets
SELECT o.opened_at,
       CASE WHEN o.opened_at + make_interval(mins => 10 + (g % 9) * 10) <= now()
            THEN o.opened_at + make_interval(mins => 10 + (g % 9) * 10) END,
       CASE WHEN o.opened_at + make_interval(hours => p.hours) <= now()
            THEN o.opened_at + make_interval(hours => p.hours) END,
       p.priority,
       (ARRAY['email', 'chat', 'phone', 'portal'])[1 + g % 4],
       (ARRAY['bug', 'feature request', 'question', 'configuration'])[1 + (g / 4) % 4],
       CASE WHEN g % 5 IN (0, 3) THEN (ARRAY[5, 4, 5, 5, 3, 4, 5, 4, 5, 2, 5])[1 + g % 11] END,
       CASE WHEN g % 5 IN (0, 3) THEN (ARRAY[10, 9, 8, 9, 6, 10, 7, 9, 4, 10, 8, 9, 10])[1 + g % 13] END
FROM generate_series(0, 3600) AS g
CROSS JOIN LATERAL (SELECT now() - make_interval(mins => 7 + g * 120) AS opened_at) AS o
CROSS JOIN LATERAL (SELECT (ARRAY['low', 'medium', 'high', 'medium', 'critical', 'low'])[1 + g % 6] AS priority,
                           (ARRAY[60, 40, 18, 36, 3, 50])[1 + g % 6] AS hours) AS p;

-- The ticket backlog as a daily snapshot: one row per ticket and day for the tickets still
-- unresolved at the end of that day (today's row: unresolved now).
CREATE VIEW suite.tickets_open_daily AS
SELECT d.day, t.priority, t.channel
FROM suite.tickets AS t
CROSS JOIN LATERAL generate_series(date_trunc('day', t.opened_at, 'UTC') - interval '1 day',
                                   date_trunc('day', coalesce(t.resolved_at, now()), 'UTC'),
                                   interval '1 day') AS d(day)
WHERE t.opened_at <= d.day + interval '1 day'
  AND (t.resolved_at IS NULL OR t.resolved_at > d.day + interval '1 day');

-- Daily feature usage per product: 20 features; Observatory's trace search is unused.
CREATE TABLE suite.feature_usage_daily (
  day timestamptz NOT NULL,
  product text NOT NULL,
  feature text NOT NULL,
  uses integer NOT NULL
);

INSERT INTO suite.feature_usage_daily
SELECT date_trunc('day', now()) - make_interval(days => d), f.product, f.feature,
       CASE WHEN f.feature = 'trace search' THEN 0 ELSE f.base + (d % 7) * 10 END
FROM generate_series(0, 300) AS d
CROSS JOIN (VALUES
  ('Compliance Center', 'assessments', 300), ('Compliance Center', 'policy management', 520),
  ('Compliance Center', 'audit reports', 140), ('Compliance Center', 'gap analysis', 90),
  ('Service Catalog', 'service requests', 900), ('Service Catalog', 'approvals', 610),
  ('Service Catalog', 'fulfillments', 840), ('Service Catalog', 'SLA tracking', 400),
  ('Automation Orchestrator', 'workflows created', 60), ('Automation Orchestrator', 'workflows executed', 4200),
  ('Automation Orchestrator', 'integrations', 350), ('Automation Orchestrator', 'templates', 210),
  ('Observatory', 'metrics', 2500), ('Observatory', 'trace search', 0),
  ('Observatory', 'log search', 1300), ('Observatory', 'alerts', 700),
  ('AI Insights', 'models trained', 25), ('AI Insights', 'predictions', 3100),
  ('AI Insights', 'datasets analyzed', 120), ('AI Insights', 'reports', 260)
) AS f(product, feature, base);

-- Daily sessions per product.
CREATE TABLE suite.sessions_daily (
  day timestamptz NOT NULL,
  product text NOT NULL,
  sessions integer NOT NULL,
  users integer NOT NULL,
  session_minutes integer NOT NULL,
  bounces integer NOT NULL,
  page_views integer NOT NULL
);

INSERT INTO suite.sessions_daily
SELECT date_trunc('day', now()) - make_interval(days => d), p.product,
       p.users * 2 + d % 5 * 10, p.users, (p.users * 2 + d % 5 * 10) * (18 + d % 4), (p.users * 2) / 9, (p.users * 2 + d % 5 * 10) * 7
FROM generate_series(0, 300) AS d
CROSS JOIN (VALUES ('Compliance Center', 900), ('Service Catalog', 1050), ('Automation Orchestrator', 650),
                   ('Observatory', 800), ('AI Insights', 450)) AS p(product, users);

-- Database statistics every 5 minutes for 200 days.
CREATE TABLE suite.db_stats_5m (
  at timestamptz NOT NULL,
  queries integer NOT NULL,
  query_ms_total numeric NOT NULL,
  slow_queries integer NOT NULL,
  failed_queries integer NOT NULL,
  active_connections integer NOT NULL,
  idle_connections integer NOT NULL,
  max_connections integer NOT NULL,
  connection_wait_ms numeric NOT NULL
);

INSERT INTO suite.db_stats_5m
SELECT date_trunc('minute', now()) - make_interval(mins => 1 + i * 5),
       12000 + (i % 24) * 300,
       (12000 + (i % 24) * 300) * (8 + i % 5),
       4 + i % 7,
       CASE WHEN i % 50 = 3 THEN 1 ELSE 0 END,
       40 + i % 30,
       20 + i % 10,
       200,
       1 + (i % 20) * 0.4
FROM generate_series(0, 57599) AS i; -- 200 days: quarterly reports read the last day of the previous quarter

-- Sales opportunities, one every 20 hours: closed ones won or lost (half against a named
-- competitor) 25 days after their creation, the latest still open in a stage.
CREATE TABLE suite.opportunities (
  id integer PRIMARY KEY,
  created_at timestamptz NOT NULL,
  closed_at timestamptz,
  stage text NOT NULL,
  outcome text,
  competitor text,
  amount numeric NOT NULL
);

INSERT INTO suite.opportunities
SELECT g,
       o.created_at,
       CASE WHEN g >= 30 THEN o.created_at + interval '25 days' END,
       CASE WHEN g >= 30 THEN 'closed' ELSE (ARRAY['qualified', 'demo', 'trial', 'negotiation'])[1 + g % 4] END,
       CASE WHEN g < 30 THEN NULL WHEN g % 5 IN (1, 3) THEN 'lost' ELSE 'won' END,
       CASE WHEN g % 2 = 0 THEN (ARRAY['Vanta', 'Drata', 'ServiceNow', 'Zapier', 'Datadog', 'New Relic'])[1 + (g / 2) % 6] END,
       20000 + (g % 7) * 8000
FROM generate_series(0, 504) AS g
CROSS JOIN LATERAL (SELECT now() - make_interval(hours => 4 + g * 20) AS created_at) AS o;

-- The CRM's stage history: each opportunity entered qualified, demo, trial and negotiation in
-- turn, evenly spread over its life (the open ones up to the stage they are in now).
CREATE TABLE suite.opportunity_stages (
  opportunity_id integer NOT NULL REFERENCES suite.opportunities (id),
  stage text NOT NULL,
  entered_at timestamptz NOT NULL
);

INSERT INTO suite.opportunity_stages
SELECT o.id, (ARRAY['qualified', 'demo', 'trial', 'negotiation'])[1 + j],
       o.created_at + (coalesce(o.closed_at, now()) - o.created_at) * j / (k.last + 1)
FROM suite.opportunities AS o
CROSS JOIN LATERAL (SELECT CASE WHEN o.closed_at IS NULL THEN o.id % 4 ELSE 3 END AS last) AS k
CROSS JOIN LATERAL generate_series(0, k.last) AS j;

CREATE INDEX ON suite.opportunity_stages (opportunity_id, entered_at);

-- The open pipeline as a daily snapshot: one row per opportunity and day for the opportunities
-- still open at the end of that day (today's row: open now), in the stage they were in then.
CREATE VIEW suite.opportunities_open_daily AS
SELECT d.day, s.stage, o.competitor, o.amount
FROM suite.opportunities AS o
CROSS JOIN LATERAL generate_series(date_trunc('day', o.created_at, 'UTC') - interval '1 day',
                                   date_trunc('day', coalesce(o.closed_at, now()), 'UTC'),
                                   interval '1 day') AS d(day)
CROSS JOIN LATERAL (SELECT st.stage FROM suite.opportunity_stages AS st
                    WHERE st.opportunity_id = o.id AND st.entered_at <= d.day + interval '1 day'
                    ORDER BY st.entered_at DESC LIMIT 1) AS s
WHERE o.created_at <= d.day + interval '1 day'
  AND (o.closed_at IS NULL OR o.closed_at > d.day + interval '1 day');

-- Daily product-specific figures (one row per product, metric and day; per item where the seed
-- lists a top 5: frameworks, services, workflows, monitored services, model types).
CREATE TABLE suite.product_metrics_daily (
  day timestamptz NOT NULL,
  product text NOT NULL,
  metric text NOT NULL,
  item text NOT NULL DEFAULT 'all',
  value numeric NOT NULL
);

INSERT INTO suite.product_metrics_daily
SELECT date_trunc('day', now()) - make_interval(days => d), m.product, m.metric, m.item, m.base + (d % 5) * m.step
FROM generate_series(0, 300) AS d
CROSS JOIN (VALUES
  ('Compliance Center', 'assessments', 'all', 40, 3), ('Compliance Center', 'active_policies', 'all', 1250, -2),
  ('Compliance Center', 'compliance_score', 'all', 86, 0.5), ('Compliance Center', 'audit_reports', 'all', 18, 1),
  ('Compliance Center', 'framework_customers', 'SOC2', 310, 2), ('Compliance Center', 'framework_customers', 'ISO27001', 240, 2),
  ('Compliance Center', 'framework_customers', 'HIPAA', 120, 1), ('Compliance Center', 'framework_customers', 'GDPR', 180, 1),
  ('Compliance Center', 'framework_customers', 'PCI-DSS', 90, 1), ('Compliance Center', 'framework_customers', 'NIST CSF', 45, 1),
  ('Compliance Center', 'framework_customers', 'FedRAMP', 12, 0), ('Compliance Center', 'framework_customers', 'CMMC', 8, 0),
  ('Service Catalog', 'service_requests', 'VM provisioning', 300, 8), ('Service Catalog', 'service_requests', 'access request', 220, 5),
  ('Service Catalog', 'service_requests', 'database', 170, 3), ('Service Catalog', 'service_requests', 'software license', 130, 2),
  ('Service Catalog', 'service_requests', 'network change', 80, 2),
  ('Service Catalog', 'sla_compliance', 'all', 96, 0.4), ('Service Catalog', 'pending_approvals', 'all', 35, 2),
  ('Service Catalog', 'fulfilled_requests', 'all', 870, 20), ('Service Catalog', 'fulfillment_hours', 'all', 6.5, 0.3),
  ('Automation Orchestrator', 'workflow_executions', 'invoice sync', 1500, 20),
  ('Automation Orchestrator', 'workflow_executions', 'user onboarding', 1100, 15),
  ('Automation Orchestrator', 'workflow_executions', 'backup verify', 800, 12),
  ('Automation Orchestrator', 'workflow_executions', 'ticket triage', 500, 8),
  ('Automation Orchestrator', 'workflow_executions', 'report export', 300, 5),
  ('Automation Orchestrator', 'workflow_success_rate', 'all', 98.5, 0.2),
  ('Automation Orchestrator', 'total_workflows', 'all', 2400, 5), ('Automation Orchestrator', 'active_workflows', 'all', 1650, 4),
  ('Automation Orchestrator', 'execution_seconds', 'all', 42, 1.5),
  ('Observatory', 'metrics_per_second', 'checkout-api', 18000, 300), ('Observatory', 'metrics_per_second', 'search', 14000, 250),
  ('Observatory', 'metrics_per_second', 'payments', 10000, 150), ('Observatory', 'metrics_per_second', 'identity', 6000, 120),
  ('Observatory', 'metrics_per_second', 'notifications', 4000, 80),
  ('Observatory', 'alerts_triggered', 'all', 700, 15), ('Observatory', 'traces_per_second', 'all', 18000, 300),
  ('Observatory', 'logs_per_second', 'all', 95000, 1500), ('Observatory', 'active_services', 'all', 640, 3),
  ('AI Insights', 'predictions', 'all', 3100, 40), ('AI Insights', 'prediction_accuracy', 'all', 91, 0.3),
  ('AI Insights', 'models_trained', 'all', 12, 1), ('AI Insights', 'datasets_analyzed', 'all', 160, 5),
  ('AI Insights', 'active_models', 'classification', 30, 0), ('AI Insights', 'active_models', 'regression', 22, 0),
  ('AI Insights', 'active_models', 'time series', 18, 1), ('AI Insights', 'active_models', 'anomaly detection', 14, 0),
  ('AI Insights', 'active_models', 'clustering', 9, 0)
) AS m(product, metric, item, base, step);

-- The KPI dashboard itself (seed section 8), launched 300 days ago: stakeholder visits with
-- the page load time, 37 of the 40 stakeholders every week (31 of the 34 before the sales and
-- support leads joined 30 days ago); hourly availability; reconciliation and freshness checks
-- of its sources every 15 minutes.
CREATE TABLE suite.dashboard_visits (
  visited_at timestamptz NOT NULL,
  stakeholder text NOT NULL,
  role text NOT NULL,
  load_ms integer NOT NULL
);

INSERT INTO suite.dashboard_visits
SELECT now() - make_interval(mins => 11 + g * 40),
       'stakeholder-' || s.i,
       (ARRAY['executive', 'product', 'engineering', 'sales', 'support'])[1 + s.i % 5],
       900 + (g % 12) * 150
FROM generate_series(0, 10800) AS g
CROSS JOIN LATERAL (SELECT (g * 7) % CASE WHEN g < 1080 THEN 37 ELSE 31 END AS i) AS s;

CREATE TABLE suite.dashboard_availability_hourly (
  hour timestamptz NOT NULL,
  up_seconds integer NOT NULL,
  total_seconds integer NOT NULL
);

INSERT INTO suite.dashboard_availability_hourly
SELECT date_trunc('hour', now()) - make_interval(hours => h), 3600 - CASE WHEN h % 300 = 120 THEN 240 ELSE 0 END, 3600
FROM generate_series(0, 7200) AS h;

CREATE TABLE suite.data_quality_checks (
  checked_at timestamptz NOT NULL,
  dataset text NOT NULL,
  records_checked integer NOT NULL,
  records_mismatched integer NOT NULL,
  records_lost integer NOT NULL,
  lag_seconds integer NOT NULL
);

INSERT INTO suite.data_quality_checks
SELECT now() - make_interval(mins => 3 + g * 15), f.dataset, 5000 + (g % 7) * 300,
       CASE WHEN g % 11 = 3 THEN 2 ELSE 0 END, 0, 40 + ((g + f.shift) % 10) * 22
FROM generate_series(0, 19200) AS g -- 200 days
CROSS JOIN (VALUES ('api_requests', 0), ('availability', 3), ('product_usage', 7)) AS f(dataset, shift);

-- Indexes on the time columns, as a real schema has them: trends scan a window per point.
CREATE INDEX ON suite.deployments (deployed_at);
CREATE INDEX ON suite.upgrade_snapshots (snapshot_at);
CREATE INDEX ON suite.customers (signed_at);
CREATE INDEX ON suite.product_usage_daily (day);
CREATE INDEX ON suite.api_requests (requested_at);
CREATE INDEX ON suite.page_loads (loaded_at);
CREATE INDEX ON suite.availability_hourly (hour);
CREATE INDEX ON suite.incidents (resolved_at);
CREATE INDEX ON suite.survey_responses (submitted_at);
CREATE INDEX ON suite.customer_daily (day);
CREATE INDEX ON suite.invoices (invoiced_at);
CREATE INDEX ON suite.finance_daily (day);
CREATE INDEX ON suite.tickets (opened_at);
CREATE INDEX ON suite.feature_usage_daily (day);
CREATE INDEX ON suite.sessions_daily (day);
CREATE INDEX ON suite.db_stats_5m (at);
CREATE INDEX ON suite.opportunities (closed_at);
CREATE INDEX ON suite.product_metrics_daily (day);
CREATE INDEX ON suite.churn_events (churned_at);
CREATE INDEX ON suite.feedback (submitted_at);
CREATE INDEX ON suite.dashboard_visits (visited_at);
CREATE INDEX ON suite.dashboard_availability_hourly (hour);
CREATE INDEX ON suite.data_quality_checks (checked_at);

-- Market research (manual KPIs).
DELETE FROM openkpi.measurement WHERE kpi IN ('market_share_apm', 'market_share_compliance', 'market_share_workflow');

INSERT INTO openkpi.measurement (kpi, time, value, note, recorded_by)
SELECT m.kpi, now() - make_interval(days => m.days_ago), m.value, m.note, 'marketing-analyst'
FROM (VALUES
  ('market_share_apm', 200, 1.0, 'Analyst report H1'),
  ('market_share_apm', 20, 1.8, 'Analyst report H2'),
  ('market_share_compliance', 200, 1.7, 'Analyst report H1'),
  ('market_share_compliance', 20, 2.2, 'Analyst report H2'),
  ('market_share_workflow', 200, 2.6, 'Analyst report H1'),
  ('market_share_workflow', 20, 3.1, 'Analyst report H2')
) AS m(kpi, days_ago, value, note);

-- Per-question CSAT, support satisfaction, brand awareness and the ARPU baseline (manual KPIs).
DELETE FROM openkpi.measurement WHERE kpi IN (
  'csat_overall', 'csat_ease_of_use', 'csat_feature_completeness', 'csat_performance',
  'csat_support_quality', 'csat_value_for_money',
  'market_rank_compliance', 'market_rank_apm', 'market_rank_workflow', 'market_rank_itsm', 'market_rank_aiml',
  'dashboard_stakeholders', 'dashboard_usability_satisfaction', 'dashboard_audit_trail',
  'decision_time_reduction', 'metric_coverage',
  'brand_unaided_awareness', 'brand_aided_awareness', 'brand_consideration', 'brand_preference',
  'market_share_itsm', 'market_share_aiml', 'arpu_baseline'
);

INSERT INTO openkpi.measurement (kpi, time, value, note, recorded_by)
SELECT m.kpi, now() - make_interval(days => m.days_ago), m.value, m.note, m.recorded_by
FROM (VALUES
  ('csat_overall', 190, 4.2, 'Quarterly CSAT survey', 'cx-research'),
  ('csat_overall', 100, 4.3, 'Quarterly CSAT survey', 'cx-research'),
  ('csat_overall', 10, 4.4, 'Quarterly CSAT survey', 'cx-research'),
  ('csat_ease_of_use', 190, 4.0, 'Quarterly CSAT survey', 'cx-research'),
  ('csat_ease_of_use', 100, 4.0, 'Quarterly CSAT survey', 'cx-research'),
  ('csat_ease_of_use', 10, 4.1, 'Quarterly CSAT survey', 'cx-research'),
  ('csat_feature_completeness', 190, 3.8, 'Quarterly CSAT survey', 'cx-research'),
  ('csat_feature_completeness', 100, 3.9, 'Quarterly CSAT survey', 'cx-research'),
  ('csat_feature_completeness', 10, 4.0, 'Quarterly CSAT survey', 'cx-research'),
  ('csat_performance', 190, 4.3, 'Quarterly CSAT survey', 'cx-research'),
  ('csat_performance', 100, 4.3, 'Quarterly CSAT survey', 'cx-research'),
  ('csat_performance', 10, 4.4, 'Quarterly CSAT survey', 'cx-research'),
  ('csat_support_quality', 190, 4.4, 'Quarterly CSAT survey', 'cx-research'),
  ('csat_support_quality', 100, 4.5, 'Quarterly CSAT survey', 'cx-research'),
  ('csat_support_quality', 10, 4.5, 'Quarterly CSAT survey', 'cx-research'),
  ('csat_value_for_money', 190, 3.9, 'Quarterly CSAT survey', 'cx-research'),
  ('csat_value_for_money', 100, 4.0, 'Quarterly CSAT survey', 'cx-research'),
  ('csat_value_for_money', 10, 4.0, 'Quarterly CSAT survey', 'cx-research'),
  ('market_rank_compliance', 200, 8, 'Analyst report H1', 'marketing-analyst'),
  ('market_rank_compliance', 20, 6, 'Analyst report H2', 'marketing-analyst'),
  ('market_rank_apm', 200, 17, 'Analyst report H1', 'marketing-analyst'),
  ('market_rank_apm', 20, 14, 'Analyst report H2', 'marketing-analyst'),
  ('market_rank_workflow', 200, 11, 'Analyst report H1', 'marketing-analyst'),
  ('market_rank_workflow', 20, 9, 'Analyst report H2', 'marketing-analyst'),
  ('market_rank_itsm', 20, 23, 'Analyst report H2: first ranked in ITSM', 'marketing-analyst'),
  ('market_rank_aiml', 20, 31, 'Analyst report H2: first ranked in AI/ML platforms', 'marketing-analyst'),
  ('dashboard_stakeholders', 300, 34, 'Access list at launch', 'analytics-lead'),
  ('dashboard_stakeholders', 30, 40, 'Sales and support leads added', 'analytics-lead'),
  ('dashboard_usability_satisfaction', 190, 84, 'Dashboard survey, 21 answers: slow to load', 'analytics-lead'),
  ('dashboard_usability_satisfaction', 100, 88, 'Dashboard survey, 25 answers', 'analytics-lead'),
  ('dashboard_usability_satisfaction', 12, 92, 'Dashboard survey, 31 answers: filters hard to find', 'analytics-lead'),
  ('dashboard_audit_trail', 190, 92, 'Quarterly audit: 4 of 50 metric changes untraced', 'security'),
  ('dashboard_audit_trail', 100, 96, 'Quarterly audit: 2 of 48 metric changes untraced', 'security'),
  ('dashboard_audit_trail', 15, 100, 'Quarterly audit: every metric change traced', 'security'),
  ('decision_time_reduction', 190, 18, 'Quarterly review: time from question to decision vs before', 'analytics-lead'),
  ('decision_time_reduction', 100, 30, 'Quarterly review: time from question to decision vs before', 'analytics-lead'),
  ('decision_time_reduction', 12, 44, 'Quarterly review: time from question to decision vs before', 'analytics-lead'),
  ('metric_coverage', 190, 68, 'Dashboard review: metrics of the specification on the dashboard', 'analytics-lead'),
  ('metric_coverage', 100, 82, 'Dashboard review: metrics of the specification on the dashboard', 'analytics-lead'),
  ('metric_coverage', 12, 100, 'Dashboard review: every metric of the specification is on the dashboard', 'analytics-lead'),
  ('brand_unaided_awareness', 200, 4, 'Market research', 'marketing-ops'),
  ('brand_unaided_awareness', 20, 6, 'Market research', 'marketing-ops'),
  ('brand_aided_awareness', 200, 18, 'Market research', 'marketing-ops'),
  ('brand_aided_awareness', 20, 23, 'Market research', 'marketing-ops'),
  ('brand_consideration', 200, 9, 'Market research', 'marketing-ops'),
  ('brand_consideration', 20, 12, 'Market research', 'marketing-ops'),
  ('brand_preference', 200, 3, 'Market research', 'marketing-ops'),
  ('brand_preference', 20, 5, 'Market research', 'marketing-ops'),
  ('market_share_itsm', 200, 0.3, 'Market research', 'marketing-ops'),
  ('market_share_itsm', 20, 0.4, 'Market research', 'marketing-ops'),
  ('market_share_aiml', 200, 0.1, 'Market research', 'marketing-ops'),
  ('market_share_aiml', 20, 0.2, 'Market research', 'marketing-ops'),
  ('arpu_baseline', 400, 385, 'ARPU in the month before the v2.0 launch', 'finance')
) AS m(kpi, days_ago, value, note, recorded_by);

-- Formula breakdowns (helper "formulas"): the daily finance split by customer tier (revenue and
-- each cost line; enterprise carries a larger share of revenue than of cost, standard the
-- reverse) and the acquisition spend split by channel. The shares add up to 1 and the columns
-- are numeric, so every total equals finance_daily's to the cent: gross margin, CAC and CLV are
-- the same figures as before, now also by tier (CLV, ARPU, gross margin) and by channel (CAC).
CREATE TABLE suite.finance_tier_daily (
  day timestamptz NOT NULL,
  tier text NOT NULL,
  revenue numeric NOT NULL,
  cost_infrastructure numeric NOT NULL,
  cost_support numeric NOT NULL,
  cost_development numeric NOT NULL,
  cost_other numeric NOT NULL
);

INSERT INTO suite.finance_tier_daily
SELECT f.day, t.tier, f.revenue * t.revenue_share, f.cost_infrastructure * t.cost_share,
       f.cost_support * t.support_share, f.cost_development * t.cost_share, f.cost_other * t.cost_share
FROM suite.finance_daily AS f
CROSS JOIN (VALUES ('enterprise', 0.50, 0.42, 0.30), ('professional', 0.30, 0.30, 0.30),
                   ('standard', 0.20, 0.28, 0.40)) AS t(tier, revenue_share, cost_share, support_share);

CREATE TABLE suite.acquisition_spend_daily (
  day timestamptz NOT NULL,
  channel text NOT NULL,
  tier text NOT NULL, -- the customer tier the campaign or sales team targets
  amount numeric NOT NULL
);

-- Direct sales cost the most per customer won, self-service the least; enterprise deals take
-- over half the spend for a tenth of the customers.
INSERT INTO suite.acquisition_spend_daily
SELECT f.day, c.channel, t.tier, f.acquisition_spend * c.share * t.share
FROM suite.finance_daily AS f
CROSS JOIN (VALUES ('direct', 0.45), ('partner', 0.25), ('self-service', 0.05), ('marketing', 0.25)) AS c(channel, share)
CROSS JOIN (VALUES ('enterprise', 0.55), ('professional', 0.30), ('standard', 0.15)) AS t(tier, share);

CREATE INDEX ON suite.finance_tier_daily (day);
CREATE INDEX ON suite.acquisition_spend_daily (day);
