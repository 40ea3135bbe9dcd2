SELECT k.*
FROM (
  SELECT (SELECT count(DISTINCT (team))::float8 FROM portal.runs s
        WHERE s.finished_at >= '2025-03-31T22:00:00Z'::timestamptz AND s.finished_at < '2025-06-29T12:00:00Z'::timestamptz) AS active_teams,
    (SELECT count(DISTINCT (team))::float8 FROM portal.runs s
        WHERE s.finished_at >= '2024-12-31T23:00:00Z'::timestamptz AND s.finished_at < '2025-03-31T13:00:00Z'::timestamptz) AS active_teams_prev
  OFFSET 0
) runs_distinct
CROSS JOIN LATERAL (
  SELECT max(s.finished_at) AS last_data_at, NOT coalesce(max(s.finished_at) >= '2025-06-29T11:45:00Z'::timestamptz, false) AS stale
  FROM portal.runs s WHERE s.finished_at < '2025-06-29T12:00:00Z'::timestamptz
) runs_fresh
CROSS JOIN LATERAL (VALUES
  ('active_teams', runs_distinct.active_teams, runs_distinct.active_teams_prev, (extract(epoch FROM runs_fresh.last_data_at) * 1000)::float8, runs_fresh.stale)
) k(kpi, value, previous, last_data_at_ms, stale)
