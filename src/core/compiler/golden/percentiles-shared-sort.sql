SELECT k.*
FROM (
  SELECT percentile_cont(ARRAY[0.5, 0.95]::float8[]) WITHIN GROUP (ORDER BY (duration_s)::float8) FILTER (WHERE s.finished_at >= '2025-06-22T12:00:00Z'::timestamptz) AS duration_p50_percentiles,
    percentile_cont(ARRAY[0.5, 0.95]::float8[]) WITHIN GROUP (ORDER BY (duration_s)::float8) FILTER (WHERE s.finished_at < '2025-06-22T12:00:00Z'::timestamptz) AS duration_p50_prev_percentiles
  FROM portal.runs s
  WHERE s.finished_at >= '2025-06-15T12:00:00Z'::timestamptz AND s.finished_at < '2025-06-29T12:00:00Z'::timestamptz
) runs
CROSS JOIN LATERAL (
  SELECT max(s.finished_at) AS last_data_at, NOT coalesce(max(s.finished_at) >= '2025-06-29T11:45:00Z'::timestamptz, false) AS stale
  FROM portal.runs s WHERE s.finished_at < '2025-06-29T12:00:00Z'::timestamptz
) runs_fresh
CROSS JOIN LATERAL (VALUES
  (0, 'duration_p50', runs.duration_p50_percentiles[1], runs.duration_p50_prev_percentiles[1], (extract(epoch FROM runs_fresh.last_data_at) * 1000)::float8, runs_fresh.stale, NULL::double precision, NULL::double precision, NULL::double precision),
  (1, 'duration_p95', runs.duration_p50_percentiles[2], runs.duration_p50_prev_percentiles[2], (extract(epoch FROM runs_fresh.last_data_at) * 1000)::float8, runs_fresh.stale, 600::double precision, 600::double precision, NULL::double precision)
) k(ord, kpi, value, previous, last_data_at_ms, stale, target, warning, critical)
ORDER BY k.ord
