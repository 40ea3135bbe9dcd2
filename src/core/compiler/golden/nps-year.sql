SELECT k.*
FROM (
  SELECT (100.0 * (count(*) FILTER (WHERE s.opened_at >= '2024-12-31T23:00:00Z'::timestamptz AND (score) >= 9) - count(*) FILTER (WHERE s.opened_at >= '2024-12-31T23:00:00Z'::timestamptz AND (score) <= 6)) / NULLIF(count((score)) FILTER (WHERE s.opened_at >= '2024-12-31T23:00:00Z'::timestamptz), 0))::float8 AS satisfaction,
    (100.0 * (count(*) FILTER (WHERE s.opened_at < '2024-06-28T12:00:00Z'::timestamptz AND (score) >= 9) - count(*) FILTER (WHERE s.opened_at < '2024-06-28T12:00:00Z'::timestamptz AND (score) <= 6)) / NULLIF(count((score)) FILTER (WHERE s.opened_at < '2024-06-28T12:00:00Z'::timestamptz), 0))::float8 AS satisfaction_prev
  FROM support.tickets s
  WHERE s.opened_at >= '2023-12-31T23:00:00Z'::timestamptz AND s.opened_at < '2025-06-29T12:00:00Z'::timestamptz
) tickets
CROSS JOIN LATERAL (
  SELECT max(s.opened_at) AS last_data_at, false AS stale
  FROM support.tickets s WHERE s.opened_at < '2025-06-29T12:00:00Z'::timestamptz
) tickets_fresh
CROSS JOIN LATERAL (VALUES
  ('satisfaction', tickets.satisfaction, tickets.satisfaction_prev, (extract(epoch FROM tickets_fresh.last_data_at) * 1000)::float8, tickets_fresh.stale)
) k(kpi, value, previous, last_data_at_ms, stale)
