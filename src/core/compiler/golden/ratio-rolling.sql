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
  SELECT 100 * count(*) FILTER (WHERE s.finished_at >= b.rolling_30d_from AND (status <> 'cancelled') AND (status = 'succeeded'))::float8 / NULLIF(count(*) FILTER (WHERE s.finished_at >= b.rolling_30d_from AND (status <> 'cancelled'))::float8, 0) AS success_rate,
    100 * count(*) FILTER (WHERE s.finished_at < b.rolling_30d_from AND (status <> 'cancelled') AND (status = 'succeeded'))::float8 / NULLIF(count(*) FILTER (WHERE s.finished_at < b.rolling_30d_from AND (status <> 'cancelled'))::float8, 0) AS success_rate_prev
  FROM portal.runs s
  WHERE s.finished_at >= r.rolling_30d_prev_from AND s.finished_at < r.at
) runs
CROSS JOIN LATERAL (
  SELECT max(s.finished_at) AS last_data_at, NOT coalesce(max(s.finished_at) >= b.at - interval '15 minutes', false) AS stale
  FROM portal.runs s WHERE s.finished_at < r.at
) runs_fresh
CROSS JOIN LATERAL (VALUES
  (0, 'success_rate', runs.success_rate, runs.success_rate_prev,
    b.rolling_30d_from, b.rolling_30d_prev_from, b.rolling_30d_from, runs_fresh.last_data_at, runs_fresh.stale,
    95::double precision, 95::double precision, 90::double precision, NULL::double precision, NULL::float8)
) k(ord, kpi, value, previous, window_from, previous_from, previous_to, last_data_at, stale, target, warning, critical, elapsed_share, volume)
ORDER BY k.ord
