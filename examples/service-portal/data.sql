-- Demo data for examples/service-portal/catalog.yaml.
-- Deterministic (no random()): every row is derived from a generate_series counter g, and
-- every instant is relative to now(), so the demo always shows the last ~250 days (a quarterly
-- report of the previous quarter reads 90-day windows and the 90 days before them).
-- Idempotent: reloading replaces the schema and this example's manual measurements.

-- openkpi.measurement (manual KPIs) is created by `openkpi migrate`, which runs before this file.

DROP SCHEMA IF EXISTS portal CASCADE;
CREATE SCHEMA portal;

-- One row per provisioning request, every 37 minutes.
CREATE TABLE portal.provisioning_runs (
  id integer PRIMARY KEY,
  template text NOT NULL,
  team text NOT NULL,
  environment text NOT NULL,
  service_name text NOT NULL,
  requested_by text NOT NULL,
  status text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL
);

INSERT INTO portal.provisioning_runs
SELECT g,
       t.template,
       (ARRAY['payments', 'search', 'identity', 'data', 'mobile'])[1 + (g / 7) % 5],
       CASE WHEN (g / 3) % 4 = 0 THEN 'production' ELSE 'staging' END,
       t.template || '-' || (ARRAY['payments', 'search', 'identity', 'data', 'mobile'])[1 + (g / 7) % 5],
       'dev' || ((g * 7) % 43),
       CASE WHEN g % 50 = 7 THEN 'cancelled' WHEN g % 29 = 3 THEN 'failed'
            -- runs in flight when the provisioner went down (the outages of the last 40 days)
            WHEN g % 31 = 5 AND g * 37 < 40 * 1440 THEN 'failed' ELSE 'succeeded' END,
       f.finished_at - make_interval(secs => d.minutes * 60),
       f.finished_at
FROM generate_series(0, 10200) AS g
CROSS JOIN LATERAL (SELECT (ARRAY['node-api', 'go-service', 'python-worker', 'react-app', 'postgres', 'redis',
                                  'kafka-topic', 'rabbitmq', 'java-spring', 'static-site', 'cron-job',
                                  'grpc-service'])[1 + g % 12] AS template) AS t
CROSS JOIN LATERAL (SELECT now() - make_interval(mins => g * 37) AS finished_at) AS f
-- 1.6 to 7.1 minutes (heavier templates take longer), a slow outlier every 23rd run, and two
-- minutes slower before the last 60 days.
CROSS JOIN LATERAL (SELECT 1.6 + (g % 13) * 0.35 + (g % 12) * 0.12 + CASE WHEN g % 23 = 5 THEN 6 ELSE 0 END
                           + CASE WHEN g * 37 > 60 * 1440 THEN 2 ELSE 0 END AS minutes) AS d;

-- Developers creating or managing services, every 53 minutes.
CREATE TABLE portal.user_actions (
  acted_at timestamptz NOT NULL,
  user_name text NOT NULL,
  team text NOT NULL,
  action text NOT NULL
);

INSERT INTO portal.user_actions
SELECT now() - make_interval(mins => g * 53),
       -- the user base grows: older actions come from fewer developers
       'dev' || ((g * 11) % (47 - least(g / 200, 17))),
       (ARRAY['payments', 'search', 'identity', 'data', 'mobile'])[1 + g % 5],
       (ARRAY['create', 'update', 'deploy', 'delete', 'view-logs'])[1 + (g / 3) % 5]
FROM generate_series(0, 7100) AS g;

-- Daily snapshot of the template catalog: 3 templates from 108 days ago back, 12 today.
CREATE TABLE portal.template_inventory (
  snapshot_at timestamptz NOT NULL,
  stack text NOT NULL,
  available_templates integer NOT NULL,
  documented_templates integer NOT NULL
);

INSERT INTO portal.template_inventory
SELECT date_trunc('day', now()) - make_interval(days => d),
       'all',
       greatest(3, 12 - d / 12),
       greatest(3, 12 - d / 12) - CASE WHEN d % 3 = 0 THEN 1 ELSE 0 END
FROM generate_series(0, 250) AS d;

-- Incidents, one every 71 hours; recovery takes 20 to 108 minutes, but the outages of the
-- last 40 days (see the uptime checks below) took 3 to 4.5 hours each: MTTR is red. The only
-- critical security incident was 118 days ago, outside the KPI's 90-day window.
CREATE TABLE portal.incidents (
  id integer PRIMARY KEY,
  severity text NOT NULL,
  category text NOT NULL,
  component text NOT NULL,
  started_at timestamptz NOT NULL,
  resolved_at timestamptz NOT NULL
);

INSERT INTO portal.incidents
SELECT g,
       CASE WHEN g = 40 THEN 'critical' ELSE (ARRAY['minor', 'major', 'minor', 'critical'])[1 + g % 4] END,
       CASE WHEN g IN (8, 40) THEN 'security' ELSE 'platform' END,
       (ARRAY['portal', 'provisioner', 'ci-runners'])[1 + g % 3],
       r.resolved_at - make_interval(mins => 20 + (g * 37) % 89 + CASE WHEN g * 71 < 40 * 24 THEN 160 ELSE 0 END),
       r.resolved_at
FROM generate_series(0, 88) AS g
CROSS JOIN LATERAL (SELECT now() - make_interval(hours => 5 + g * 71) AS resolved_at) AS r;

-- Uptime checks every 15 minutes for the portal and the provisioner. Outages only started
-- 40 days ago, so availability is dropping (critical) while it was 100% before.
CREATE TABLE portal.uptime_checks (
  checked_at timestamptz NOT NULL,
  service text NOT NULL,
  is_up boolean NOT NULL,
  planned_maintenance boolean NOT NULL
);

INSERT INTO portal.uptime_checks
SELECT now() - make_interval(mins => g * 15),
       s.service,
       NOT (g % 160 = 17 + s.shift AND g < 3840),
       g % 500 = 250
FROM generate_series(0, 24000) AS g
CROSS JOIN (VALUES ('portal', 0), ('provisioner', 40)) AS s(service, shift);

-- Survey and audit results (manual KPIs).
DELETE FROM openkpi.measurement
WHERE kpi IN ('developer_satisfaction', 'developer_nps', 'platform_preference', 'documentation_coverage',
              'time_saved_per_service', 'template_quality', 'portal_share_of_new_services', 'developer_hour_cost',
              'platform_cost_90d', 'external_access_requests', 'community_templates', 'conference_talks');

INSERT INTO openkpi.measurement (kpi, time, value, note, recorded_by)
SELECT m.kpi, now() - make_interval(days => m.days_ago), m.value, m.note, m.recorded_by
FROM (VALUES
  ('developer_satisfaction', 200, 3.6, 'Quarterly developer survey (Google Forms), 31 answers', 'dx-lead'),
  ('developer_satisfaction', 105, 3.9, 'Quarterly developer survey, 38 answers', 'dx-lead'),
  ('developer_satisfaction', 12, 4.3, 'Quarterly developer survey, 44 answers', 'dx-lead'),
  ('developer_nps', 200, 12, 'Quarterly developer survey', 'dx-lead'),
  ('developer_nps', 105, 24, 'Quarterly developer survey', 'dx-lead'),
  ('developer_nps', 12, 38, 'Quarterly developer survey', 'dx-lead'),
  ('platform_preference', 200, 68, 'Survey: prefer portal over manual provisioning', 'dx-lead'),
  ('platform_preference', 105, 77, 'Survey: prefer portal over manual provisioning', 'dx-lead'),
  ('platform_preference', 12, 84, 'Survey: prefer portal over manual provisioning', 'dx-lead'),
  ('documentation_coverage', 215, 70, 'Audit checklist: first round', 'tech-writer'),
  ('documentation_coverage', 185, 74, 'Audit checklist', 'tech-writer'),
  ('documentation_coverage', 155, 77, 'Audit checklist', 'tech-writer'),
  ('documentation_coverage', 125, 80, 'Audit checklist: 8 of 10 templates documented', 'tech-writer'),
  ('documentation_coverage', 95, 85, 'Audit checklist', 'tech-writer'),
  ('documentation_coverage', 65, 88, 'Audit checklist', 'tech-writer'),
  ('documentation_coverage', 35, 92, 'Audit checklist', 'tech-writer'),
  ('documentation_coverage', 5, 96, 'Audit checklist: 2 APIs without examples', 'tech-writer'),
  ('time_saved_per_service', 200, 0.8, 'Developer survey: hours saved per service (median)', 'dx-lead'),
  ('time_saved_per_service', 105, 1.2, 'Developer survey: hours saved per service (median)', 'dx-lead'),
  ('time_saved_per_service', 12, 1.5, 'Developer survey: hours saved per service (median)', 'dx-lead'),
  ('template_quality', 185, 67, 'Peer review: first round', 'platform-team'),
  ('template_quality', 125, 75, 'Peer review', 'platform-team'),
  ('template_quality', 65, 80, 'Peer review: 8 of 10 templates pass', 'platform-team'),
  ('template_quality', 5, 92, 'Peer review: 11 of 12 templates pass', 'platform-team'),
  ('portal_share_of_new_services', 200, 39, 'Quarterly service registry review', 'platform-team'),
  ('portal_share_of_new_services', 105, 58, 'Quarterly service registry review', 'platform-team'),
  ('portal_share_of_new_services', 12, 81, 'Quarterly service registry review', 'platform-team'),
  ('developer_hour_cost', 200, 95, 'Loaded developer cost per hour', 'finance'),
  ('platform_cost_90d', 200, 132000, 'Platform cost, last 90 days', 'finance'),
  ('platform_cost_90d', 105, 140000, 'Platform cost, last 90 days', 'finance'),
  ('platform_cost_90d', 12, 150000, 'Platform cost, last 90 days', 'finance'),
  ('external_access_requests', 200, 0, 'Quarterly review', 'platform-team'),
  ('external_access_requests', 105, 0, 'Quarterly review', 'platform-team'),
  ('external_access_requests', 12, 2, 'Two partner teams asked for access', 'platform-team'),
  ('community_templates', 200, 0, 'Quarterly review', 'developer-experience'),
  ('community_templates', 105, 0, 'Quarterly review', 'developer-experience'),
  ('community_templates', 12, 1, 'redis template published upstream', 'developer-experience'),
  ('conference_talks', 200, 0, 'Quarterly review', 'developer-experience'),
  ('conference_talks', 105, 0, 'Quarterly review', 'developer-experience'),
  ('conference_talks', 12, 0, 'Talk accepted for next quarter', 'developer-experience')
) AS m(kpi, days_ago, value, note, recorded_by);
