WITH bounds AS NOT MATERIALIZED (
  SELECT at,
    at - interval '720 hours' AS rolling_30d_from, at - interval '1440 hours' AS rolling_30d_prev_from
  FROM (SELECT '2025-06-29T12:00:00.000Z'::timestamptz AS at) a
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
  SELECT count(*) FILTER (WHERE s.opened_at >= b.rolling_30d_from)::float8 AS tickets_30d,
    count(*) FILTER (WHERE s.opened_at < b.rolling_30d_from)::float8 AS tickets_30d_prev
  FROM support.tickets s
  WHERE s.opened_at >= r.rolling_30d_prev_from AND s.opened_at < r.at
) tickets
CROSS JOIN LATERAL (
  SELECT max(s.opened_at) AS last_data_at, false AS stale
  FROM support.tickets s WHERE s.opened_at < r.at
) tickets_fresh
CROSS JOIN LATERAL (
  SELECT count(*) FILTER (WHERE s.finished_at >= b.rolling_30d_from)::float8 AS runs_30d,
    count(*) FILTER (WHERE s.finished_at < b.rolling_30d_from)::float8 AS runs_30d_prev
  FROM portal.runs s
  WHERE s.finished_at >= r.rolling_30d_prev_from AND s.finished_at < r.at
) runs
CROSS JOIN LATERAL (
  SELECT max(s.finished_at) AS last_data_at, NOT coalesce(max(s.finished_at) >= b.at - interval '15 minutes', false) AS stale
  FROM portal.runs s WHERE s.finished_at < r.at
) runs_fresh
CROSS JOIN LATERAL (
  SELECT (tickets.tickets_30d / NULLIF(runs.runs_30d, 0)) AS value,
    (tickets.tickets_30d_prev / NULLIF(runs.runs_30d_prev, 0)) AS previous,
    CASE WHEN num_nulls(tickets_fresh.last_data_at, runs_fresh.last_data_at) = 0 THEN least(tickets_fresh.last_data_at, runs_fresh.last_data_at) END AS last_data_at,
    (tickets_fresh.stale OR runs_fresh.stale) AS stale
  OFFSET 0
) tickets_per_run
CROSS JOIN LATERAL (VALUES
  (0, 'tickets_per_run', tickets_per_run.value, tickets_per_run.previous,
    b.rolling_30d_from, b.rolling_30d_prev_from, b.rolling_30d_from, tickets_per_run.last_data_at, tickets_per_run.stale,
    NULL::double precision, NULL::double precision, NULL::double precision, NULL::double precision, NULL::float8)
) k(ord, kpi, value, previous, window_from, previous_from, previous_to, last_data_at, stale, target, warning, critical, elapsed_share, volume)
ORDER BY k.ord
