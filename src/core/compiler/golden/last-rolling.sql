WITH bounds AS NOT MATERIALIZED (
  SELECT at,
    at - interval '1 hour' AS rolling_1h_from, at - interval '2 hours' AS rolling_1h_prev_from
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
  SELECT (SELECT (queue)::float8 FROM support.tickets s
        WHERE s.opened_at >= r.rolling_1h_from AND s.opened_at < r.at
        ORDER BY s.opened_at DESC, (queue) DESC NULLS LAST LIMIT 1) AS queue_depth,
    (SELECT (queue)::float8 FROM support.tickets s
        WHERE s.opened_at >= r.rolling_1h_prev_from AND s.opened_at < r.rolling_1h_from
        ORDER BY s.opened_at DESC, (queue) DESC NULLS LAST LIMIT 1) AS queue_depth_prev
) tickets_latest
CROSS JOIN LATERAL (
  SELECT max(s.opened_at) AS last_data_at, false AS stale
  FROM support.tickets s WHERE s.opened_at < r.at
) tickets_fresh
CROSS JOIN LATERAL (VALUES
  (0, 'queue_depth', tickets_latest.queue_depth, tickets_latest.queue_depth_prev,
    b.rolling_1h_from, b.rolling_1h_prev_from, b.rolling_1h_from, tickets_fresh.last_data_at, tickets_fresh.stale,
    NULL::double precision, NULL::double precision, NULL::double precision, NULL::double precision, NULL::float8)
) k(ord, kpi, value, previous, window_from, previous_from, previous_to, last_data_at, stale, target, warning, critical, elapsed_share, volume)
ORDER BY k.ord
