SELECT k.*
FROM (
  SELECT count(*) FILTER (WHERE s.finished_at >= '2025-05-31T22:00:00Z'::timestamptz)::float8 AS run_count,
    count(*) FILTER (WHERE s.finished_at < '2025-05-29T12:00:00Z'::timestamptz)::float8 AS run_count_prev
  FROM portal.runs s
  WHERE s.finished_at >= '2025-04-30T22:00:00Z'::timestamptz AND s.finished_at < '2025-06-29T12:00:00Z'::timestamptz
) runs
CROSS JOIN LATERAL (
  SELECT max(s.finished_at) AS last_data_at, NOT coalesce(max(s.finished_at) >= '2025-06-29T11:45:00Z'::timestamptz, false) AS stale
  FROM portal.runs s WHERE s.finished_at < '2025-06-29T12:00:00Z'::timestamptz
) runs_fresh
CROSS JOIN LATERAL (VALUES
  ('run_count', runs.run_count, runs.run_count_prev, (extract(epoch FROM runs_fresh.last_data_at) * 1000)::float8, runs_fresh.stale)
) k(kpi, value, previous, last_data_at_ms, stale)
