SELECT k.*
FROM (
  SELECT count(*) FILTER (WHERE s.finished_at >= '2025-05-31T22:00:00Z'::timestamptz)::float8 AS run_count,
    count(*) FILTER (WHERE s.finished_at >= '2025-04-30T22:00:00Z'::timestamptz AND s.finished_at < '2025-05-29T12:00:00Z'::timestamptz)::float8 AS run_count_prev,
    100 * count(*) FILTER (WHERE s.finished_at >= '2025-05-30T12:00:00Z'::timestamptz AND (status <> 'cancelled') AND (status = 'succeeded'))::float8 / NULLIF(count(*) FILTER (WHERE s.finished_at >= '2025-05-30T12:00:00Z'::timestamptz AND (status <> 'cancelled'))::float8, 0) AS success_rate,
    100 * count(*) FILTER (WHERE s.finished_at >= '2025-04-30T12:00:00Z'::timestamptz AND s.finished_at < '2025-05-30T12:00:00Z'::timestamptz AND (status <> 'cancelled') AND (status = 'succeeded'))::float8 / NULLIF(count(*) FILTER (WHERE s.finished_at >= '2025-04-30T12:00:00Z'::timestamptz AND s.finished_at < '2025-05-30T12:00:00Z'::timestamptz AND (status <> 'cancelled'))::float8, 0) AS success_rate_prev,
    coalesce(sum((duration_s / 60.0)) FILTER (WHERE s.finished_at >= '2025-06-22T22:00:00Z'::timestamptz), 0)::float8 AS minutes_week,
    coalesce(sum((duration_s / 60.0)) FILTER (WHERE s.finished_at >= '2025-06-15T22:00:00Z'::timestamptz AND s.finished_at < '2025-06-22T12:00:00Z'::timestamptz), 0)::float8 AS minutes_week_prev,
    count(*) FILTER (WHERE s.finished_at >= '2025-05-30T12:00:00Z'::timestamptz)::float8 AS runs_30d,
    count(*) FILTER (WHERE s.finished_at >= '2025-04-30T12:00:00Z'::timestamptz AND s.finished_at < '2025-05-30T12:00:00Z'::timestamptz)::float8 AS runs_30d_prev
  FROM portal.runs s
  WHERE s.finished_at >= '2025-04-30T12:00:00Z'::timestamptz AND s.finished_at < '2025-06-29T12:00:00Z'::timestamptz AND s.team::text IN ('core')
) runs
CROSS JOIN LATERAL (
  SELECT max(s.finished_at) AS last_data_at, NOT coalesce(max(s.finished_at) >= '2025-06-29T11:45:00Z'::timestamptz, false) AS stale
  FROM portal.runs s WHERE s.finished_at < '2025-06-29T12:00:00Z'::timestamptz
) runs_fresh
CROSS JOIN LATERAL (VALUES
  (0, 'run_count', runs.run_count, runs.run_count_prev, (extract(epoch FROM runs_fresh.last_data_at) * 1000)::float8, runs_fresh.stale, NULL::double precision, NULL::double precision, NULL::double precision),
  (1, 'success_rate', runs.success_rate, runs.success_rate_prev, (extract(epoch FROM runs_fresh.last_data_at) * 1000)::float8, runs_fresh.stale, 95::double precision, 95::double precision, 90::double precision),
  (2, 'minutes_week', runs.minutes_week, runs.minutes_week_prev, (extract(epoch FROM runs_fresh.last_data_at) * 1000)::float8, runs_fresh.stale, NULL::double precision, NULL::double precision, NULL::double precision),
  (3, 'runs_30d', runs.runs_30d, runs.runs_30d_prev, (extract(epoch FROM runs_fresh.last_data_at) * 1000)::float8, runs_fresh.stale, NULL::double precision, NULL::double precision, NULL::double precision)
) k(ord, kpi, value, previous, last_data_at_ms, stale, target, warning, critical)
ORDER BY k.ord
