SELECT k.*
FROM (
  SELECT (SELECT (value)::float8 FROM openkpi.measurement s
        WHERE s.kpi = 'uptime' AND s.time >= '2025-05-31T22:00:00Z'::timestamptz AND s.time < '2025-06-29T12:00:00Z'::timestamptz
        ORDER BY s.time DESC, (value) DESC NULLS LAST LIMIT 1) AS uptime,
    (SELECT (value)::float8 FROM openkpi.measurement s
        WHERE s.kpi = 'uptime' AND s.time >= '2025-04-30T22:00:00Z'::timestamptz AND s.time < '2025-05-29T12:00:00Z'::timestamptz
        ORDER BY s.time DESC, (value) DESC NULLS LAST LIMIT 1) AS uptime_prev
  OFFSET 0
) manual_latest
CROSS JOIN LATERAL (
  SELECT max(s.time) AS last_data_at, false AS stale
  FROM openkpi.measurement s WHERE s.time < '2025-06-29T12:00:00Z'::timestamptz AND s.kpi = 'uptime'
) uptime_fresh
CROSS JOIN LATERAL (VALUES
  ('uptime', manual_latest.uptime, manual_latest.uptime_prev, (extract(epoch FROM uptime_fresh.last_data_at) * 1000)::float8, uptime_fresh.stale, (CASE WHEN ('2025-07-01'::timestamp AT TIME ZONE 'Europe/Berlin') < '2025-06-29T12:00:00Z'::timestamptz THEN 99.5::double precision WHEN ('2025-01-01'::timestamp AT TIME ZONE 'Europe/Berlin') < '2025-06-29T12:00:00Z'::timestamptz THEN 99::double precision ELSE NULL::double precision END), (CASE WHEN ('2025-07-01'::timestamp AT TIME ZONE 'Europe/Berlin') < '2025-06-29T12:00:00Z'::timestamptz THEN 99.5::double precision WHEN ('2025-01-01'::timestamp AT TIME ZONE 'Europe/Berlin') < '2025-06-29T12:00:00Z'::timestamptz THEN 99::double precision ELSE NULL::double precision END), (CASE WHEN ('2025-07-01'::timestamp AT TIME ZONE 'Europe/Berlin') < '2025-06-29T12:00:00Z'::timestamptz THEN 99::double precision WHEN ('2025-01-01'::timestamp AT TIME ZONE 'Europe/Berlin') < '2025-06-29T12:00:00Z'::timestamptz THEN NULL::double precision ELSE NULL::double precision END))
) k(kpi, value, previous, last_data_at_ms, stale, target, warning, critical)
