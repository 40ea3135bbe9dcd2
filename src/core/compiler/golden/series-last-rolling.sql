WITH buckets AS (SELECT e - interval '6 hours' AS s, e FROM generate_series('2025-06-19T18:00:00.000Z'::timestamptz, '2025-06-29T12:00:00.000Z'::timestamptz, interval '6 hours') e),
slices AS (SELECT date_bin(interval '1 hour', s.opened_at, '2025-06-19T17:00:00.000Z'::timestamptz) AS bin, max(s.opened_at) AS q0, (array_agg(((queue))::double precision ORDER BY s.opened_at DESC, (queue) DESC NULLS LAST))[1] AS q1
  FROM support.tickets s
  WHERE s.opened_at >= '2025-06-19T17:00:00.000Z'::timestamptz AND s.opened_at < '2025-06-29T12:00:00.000Z'::timestamptz
  GROUP BY 1),
kpi AS (SELECT b.s, (array_agg(x.q1 ORDER BY x.q0 DESC, x.q1 DESC NULLS LAST) FILTER (WHERE x.q0 IS NOT NULL))[1] AS value
  FROM buckets b LEFT JOIN slices x ON x.bin >= b.e - interval '1 hour' AND x.bin < b.e
  GROUP BY b.s)
SELECT time_ms, value, target, warning, critical, (target * elapsed_share)::double precision AS expected_to_date
FROM (
SELECT b.s, (extract(epoch FROM b.e) * 1000)::float8 AS time_ms, v.value AS value,
  NULL::double precision AS target, NULL::double precision AS warning, NULL::double precision AS critical,
  NULL::double precision AS elapsed_share
FROM buckets b
JOIN kpi v ON v.s = b.s
) p
ORDER BY p.s
