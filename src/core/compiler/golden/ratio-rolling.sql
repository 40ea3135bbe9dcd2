SELECT k.*
FROM (
  SELECT 100 * count(*) FILTER (WHERE s.finished_at >= '2025-05-30T12:00:00Z'::timestamptz AND (status <> 'cancelled') AND (status = 'succeeded'))::float8 / NULLIF(count(*) FILTER (WHERE s.finished_at >= '2025-05-30T12:00:00Z'::timestamptz AND (status <> 'cancelled'))::float8, 0) AS success_rate,
    100 * count(*) FILTER (WHERE s.finished_at < '2025-05-30T12:00:00Z'::timestamptz AND (status <> 'cancelled') AND (status = 'succeeded'))::float8 / NULLIF(count(*) FILTER (WHERE s.finished_at < '2025-05-30T12:00:00Z'::timestamptz AND (status <> 'cancelled'))::float8, 0) AS success_rate_prev
  FROM portal.runs s
  WHERE s.finished_at >= '2025-04-30T12:00:00Z'::timestamptz AND s.finished_at < '2025-06-29T12:00:00Z'::timestamptz
) runs
CROSS JOIN LATERAL (
  SELECT max(s.finished_at) AS last_data_at, NOT coalesce(max(s.finished_at) >= '2025-06-29T11:45:00Z'::timestamptz, false) AS stale
  FROM portal.runs s WHERE s.finished_at < '2025-06-29T12:00:00Z'::timestamptz
) runs_fresh
CROSS JOIN LATERAL (VALUES
  ('success_rate', runs.success_rate, runs.success_rate_prev, (extract(epoch FROM runs_fresh.last_data_at) * 1000)::float8, runs_fresh.stale, 95::double precision, 95::double precision, 90::double precision)
) k(kpi, value, previous, last_data_at_ms, stale, target, warning, critical)
