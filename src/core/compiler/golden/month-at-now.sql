WITH bounds AS NOT MATERIALIZED (
  SELECT at,
    month_from, month_prev_from,
    CASE WHEN month_end = at THEN month_from ELSE least((month_prev_from AT TIME ZONE 'UTC' + (at - month_from)) AT TIME ZONE 'UTC', month_from) END AS month_prev_to
  FROM (SELECT now() AS at) a
  CROSS JOIN LATERAL (SELECT (at AT TIME ZONE 'UTC' - interval '1 microsecond') AT TIME ZONE 'UTC' AS just_before) j
  CROSS JOIN LATERAL (SELECT date_trunc('month', just_before AT TIME ZONE 'Europe/Berlin') AS month_start) l
  CROSS JOIN LATERAL (SELECT
    ((month_start - interval '1 hour') AT TIME ZONE 'Europe/Berlin' AT TIME ZONE 'UTC' + interval '1 hour') AT TIME ZONE 'UTC' AS month_from,
    (((month_start + interval '1 month') - interval '1 hour') AT TIME ZONE 'Europe/Berlin' AT TIME ZONE 'UTC' + interval '1 hour') AT TIME ZONE 'UTC' AS month_end,
    (((month_start - interval '1 month') - interval '1 hour') AT TIME ZONE 'Europe/Berlin' AT TIME ZONE 'UTC' + interval '1 hour') AT TIME ZONE 'UTC' AS month_prev_from) p
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
  SELECT count(*) FILTER (WHERE s.finished_at >= b.month_from)::float8 AS run_count,
    count(*) FILTER (WHERE s.finished_at < b.month_prev_to)::float8 AS run_count_prev
  FROM portal.runs s
  WHERE s.finished_at >= b.month_prev_from AND s.finished_at < r.at
) runs
CROSS JOIN LATERAL (
  SELECT max(s.finished_at) AS last_data_at, NOT coalesce(max(s.finished_at) >= b.at - interval '15 minutes', false) AS stale
  FROM portal.runs s WHERE s.finished_at < r.at
) runs_fresh
CROSS JOIN LATERAL (VALUES
  (0, 'run_count', runs.run_count, runs.run_count_prev,
    b.month_from, b.month_prev_from, b.month_prev_to, runs_fresh.last_data_at, runs_fresh.stale,
    NULL::double precision, NULL::double precision, NULL::double precision, NULL::double precision, NULL::float8)
) k(ord, kpi, value, previous, window_from, previous_from, previous_to, last_data_at, stale, target, warning, critical, elapsed_share, volume)
ORDER BY k.ord
