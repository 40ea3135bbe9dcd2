SELECT k.*
FROM (
  SELECT (SELECT (queue)::float8 FROM support.tickets s
        WHERE s.opened_at >= '2025-06-29T11:00:00Z'::timestamptz AND s.opened_at < '2025-06-29T12:00:00Z'::timestamptz
        ORDER BY s.opened_at DESC, (queue) DESC NULLS LAST LIMIT 1) AS queue_depth,
    (SELECT (queue)::float8 FROM support.tickets s
        WHERE s.opened_at >= '2025-06-29T10:00:00Z'::timestamptz AND s.opened_at < '2025-06-29T11:00:00Z'::timestamptz
        ORDER BY s.opened_at DESC, (queue) DESC NULLS LAST LIMIT 1) AS queue_depth_prev
  OFFSET 0
) tickets_latest
CROSS JOIN LATERAL (
  SELECT max(s.opened_at) AS last_data_at, false AS stale
  FROM support.tickets s WHERE s.opened_at < '2025-06-29T12:00:00Z'::timestamptz
) tickets_fresh
CROSS JOIN LATERAL (VALUES
  ('queue_depth', tickets_latest.queue_depth, tickets_latest.queue_depth_prev, (extract(epoch FROM tickets_fresh.last_data_at) * 1000)::float8, tickets_fresh.stale)
) k(kpi, value, previous, last_data_at_ms, stale)
