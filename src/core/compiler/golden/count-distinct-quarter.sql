WITH bounds AS NOT MATERIALIZED (
  SELECT at,
    quarter_from, quarter_prev_from,
    CASE WHEN quarter_end = at THEN quarter_from ELSE least((quarter_prev_from AT TIME ZONE 'UTC' + (at - quarter_from)) AT TIME ZONE 'UTC', quarter_from) END AS quarter_prev_to
  FROM (SELECT '2025-06-29T12:00:00.000Z'::timestamptz AS at) a
  CROSS JOIN LATERAL (SELECT (at AT TIME ZONE 'UTC' - interval '1 microsecond') AT TIME ZONE 'UTC' AS just_before) j
  CROSS JOIN LATERAL (SELECT date_trunc('quarter', just_before AT TIME ZONE 'Europe/Berlin') AS quarter_start) l
  CROSS JOIN LATERAL (SELECT
    quarter_start AT TIME ZONE 'Europe/Berlin' AS quarter_from,
    (quarter_start + interval '3 months') AT TIME ZONE 'Europe/Berlin' AS quarter_end,
    (quarter_start - interval '3 months') AT TIME ZONE 'Europe/Berlin' AS quarter_prev_from) p
),
bound_values AS MATERIALIZED (SELECT * FROM bounds)
SELECT k.kpi, (extract(epoch FROM b.at) * 1000)::float8 AS at_ms, k.value, k.previous,
  (extract(epoch FROM k.window_from) * 1000)::float8 AS window_from_ms,
  (extract(epoch FROM b.at) * 1000)::float8 AS window_to_ms,
  (extract(epoch FROM k.previous_from) * 1000)::float8 AS previous_from_ms,
  (extract(epoch FROM k.previous_to) * 1000)::float8 AS previous_to_ms,
  (extract(epoch FROM k.last_data_at) * 1000)::float8 AS last_data_at_ms,
  k.stale, k.target, k.warning, k.critical, k.elapsed_share,
  (CASE WHEN k.elapsed_share = 1 THEN k.value WHEN k.elapsed_share = 0 THEN NULL ELSE k.value / k.elapsed_share END)::double precision AS projected,
  (k.target * k.elapsed_share)::double precision AS expected_to_date,
  k.volume
FROM bound_values b CROSS JOIN bounds r
CROSS JOIN LATERAL (
  SELECT count(*) FILTER (WHERE active_teams)::float8 AS active_teams, count(*) FILTER (WHERE active_teams_prev)::float8 AS active_teams_prev
  FROM (
    SELECT bool_or(s.finished_at >= b.quarter_from) AS active_teams,
      bool_or(s.finished_at < b.quarter_prev_to) AS active_teams_prev
      FROM portal.runs s
      WHERE s.finished_at >= r.quarter_prev_from AND s.finished_at < r.at AND (team) IS NOT NULL
      GROUP BY (team)
  ) v
) runs_distinct
CROSS JOIN LATERAL (
  SELECT max(s.finished_at) AS last_data_at, NOT coalesce(max(s.finished_at) >= b.at - interval '15 minutes', false) AS stale
  FROM portal.runs s WHERE s.finished_at < r.at
) runs_fresh
CROSS JOIN LATERAL (VALUES
  (0, 'active_teams', runs_distinct.active_teams, runs_distinct.active_teams_prev,
    b.quarter_from, b.quarter_prev_from, b.quarter_prev_to, runs_fresh.last_data_at, runs_fresh.stale,
    NULL::double precision, NULL::double precision, NULL::double precision, NULL::double precision, NULL::float8)
) k(ord, kpi, value, previous, window_from, previous_from, previous_to, last_data_at, stale, target, warning, critical, elapsed_share, volume)
ORDER BY k.ord
