SELECT k.*
FROM (
  SELECT coalesce(sum((duration_s / 60.0)) FILTER (WHERE s.finished_at >= '2025-06-22T22:00:00Z'::timestamptz), 0)::float8 AS minutes_week,
    coalesce(sum((duration_s / 60.0)) FILTER (WHERE s.finished_at < '2025-06-22T12:00:00Z'::timestamptz), 0)::float8 AS minutes_week_prev
  FROM portal.runs s
  WHERE s.finished_at >= '2025-06-15T22:00:00Z'::timestamptz AND s.finished_at < '2025-06-29T12:00:00Z'::timestamptz
) runs
CROSS JOIN LATERAL (
  SELECT max(s.finished_at) AS last_data_at, NOT coalesce(max(s.finished_at) >= '2025-06-29T11:45:00Z'::timestamptz, false) AS stale
  FROM portal.runs s WHERE s.finished_at < '2025-06-29T12:00:00Z'::timestamptz
) runs_fresh
CROSS JOIN LATERAL (VALUES
  ('minutes_week', runs.minutes_week, runs.minutes_week_prev, (extract(epoch FROM runs_fresh.last_data_at) * 1000)::float8, runs_fresh.stale)
) k(kpi, value, previous, last_data_at_ms, stale)
