WITH buckets AS (SELECT e - interval '24 hours' AS s, e FROM generate_series('2025-06-20T12:00:00.000Z'::timestamptz, '2025-06-29T12:00:00.000Z'::timestamptz, interval '24 hours') e),
slices AS (SELECT date_bin(interval '24 hours', s.finished_at, '2025-05-21T12:00:00.000Z'::timestamptz) AS bin, count(*) FILTER (WHERE (status <> 'cancelled') AND (status = 'succeeded')) AS q0, count(*) FILTER (WHERE (status <> 'cancelled')) AS q1
  FROM portal.runs s
  WHERE s.finished_at >= '2025-05-21T12:00:00.000Z'::timestamptz AND s.finished_at < '2025-06-29T12:00:00.000Z'::timestamptz AND (status <> 'cancelled')
  GROUP BY 1),
kpi AS (SELECT b.s, (100 * (coalesce(sum(x.q0), 0))::double precision / NULLIF((coalesce(sum(x.q1), 0))::double precision, 0)) AS value
  FROM buckets b LEFT JOIN slices x ON x.bin >= b.e - interval '720 hours' AND x.bin < b.e
  GROUP BY b.s)
SELECT time_ms, value, target, warning, critical, (target * elapsed_share)::double precision AS expected_to_date
FROM (
SELECT b.s, (extract(epoch FROM b.e) * 1000)::float8 AS time_ms, v.value AS value,
  95::double precision AS target, 95::double precision AS warning, 90::double precision AS critical,
  NULL::double precision AS elapsed_share
FROM buckets b
JOIN kpi v ON v.s = b.s
) p
ORDER BY p.s
