SELECT k.*
FROM (
  SELECT count(*) FILTER (WHERE s.opened_at >= '2025-05-30T12:00:00Z'::timestamptz)::float8 AS tickets_30d,
    count(*) FILTER (WHERE s.opened_at < '2025-05-30T12:00:00Z'::timestamptz)::float8 AS tickets_30d_prev
  FROM support.tickets s
  WHERE s.opened_at >= '2025-04-30T12:00:00Z'::timestamptz AND s.opened_at < '2025-06-29T12:00:00Z'::timestamptz
) tickets
CROSS JOIN LATERAL (
  SELECT max(s.opened_at) AS last_data_at, false AS stale
  FROM support.tickets s WHERE s.opened_at < '2025-06-29T12:00:00Z'::timestamptz
) tickets_fresh
CROSS JOIN LATERAL (
  SELECT count(*) FILTER (WHERE s.finished_at >= '2025-05-30T12:00:00Z'::timestamptz)::float8 AS runs_30d,
    count(*) FILTER (WHERE s.finished_at < '2025-05-30T12:00:00Z'::timestamptz)::float8 AS runs_30d_prev
  FROM portal.runs s
  WHERE s.finished_at >= '2025-04-30T12:00:00Z'::timestamptz AND s.finished_at < '2025-06-29T12:00:00Z'::timestamptz
) runs
CROSS JOIN LATERAL (
  SELECT max(s.finished_at) AS last_data_at, NOT coalesce(max(s.finished_at) >= '2025-06-29T11:45:00Z'::timestamptz, false) AS stale
  FROM portal.runs s WHERE s.finished_at < '2025-06-29T12:00:00Z'::timestamptz
) runs_fresh
CROSS JOIN LATERAL (
  SELECT (tickets.tickets_30d / NULLIF(runs.runs_30d, 0)) AS value,
    (tickets.tickets_30d_prev / NULLIF(runs.runs_30d_prev, 0)) AS previous,
    CASE WHEN num_nulls(tickets_fresh.last_data_at, runs_fresh.last_data_at) = 0 THEN least(tickets_fresh.last_data_at, runs_fresh.last_data_at) END AS last_data_at,
    (tickets_fresh.stale OR runs_fresh.stale) AS stale
  OFFSET 0
) tickets_per_run
CROSS JOIN LATERAL (VALUES
  ('tickets_per_run', tickets_per_run.value, tickets_per_run.previous, (extract(epoch FROM tickets_per_run.last_data_at) * 1000)::float8, tickets_per_run.stale)
) k(kpi, value, previous, last_data_at_ms, stale)
