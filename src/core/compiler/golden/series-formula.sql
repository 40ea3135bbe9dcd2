WITH buckets AS (SELECT e - interval '24 hours' AS s, e FROM generate_series('2025-06-20T12:00:00.000Z'::timestamptz, '2025-06-29T12:00:00.000Z'::timestamptz, interval '24 hours') e),
slices AS (SELECT date_bin(interval '24 hours', s.opened_at, '2025-05-21T12:00:00.000Z'::timestamptz) AS bin, count(*) AS q0
  FROM support.tickets s
  WHERE s.opened_at >= '2025-05-21T12:00:00.000Z'::timestamptz AND s.opened_at < '2025-06-29T12:00:00.000Z'::timestamptz
  GROUP BY 1),
kpi AS (SELECT b.s, (coalesce(sum(x.q0), 0))::double precision AS value
  FROM buckets b LEFT JOIN slices x ON x.bin >= b.e - interval '720 hours' AND x.bin < b.e
  GROUP BY b.s),
slices_1 AS (SELECT date_bin(interval '24 hours', s.finished_at, '2025-05-21T12:00:00.000Z'::timestamptz) AS bin, count(*) AS q0
  FROM portal.runs s
  WHERE s.finished_at >= '2025-05-21T12:00:00.000Z'::timestamptz AND s.finished_at < '2025-06-29T12:00:00.000Z'::timestamptz
  GROUP BY 1),
kpi_1 AS (SELECT b.s, (coalesce(sum(x.q0), 0))::double precision AS value
  FROM buckets b LEFT JOIN slices_1 x ON x.bin >= b.e - interval '720 hours' AND x.bin < b.e
  GROUP BY b.s)
SELECT time_ms, value, target, warning, critical, (target * elapsed_share)::double precision AS expected_to_date
FROM (
SELECT b.s, (extract(epoch FROM b.e) * 1000)::float8 AS time_ms, (v.value / NULLIF(v_1.value, 0)) AS value,
  NULL::double precision AS target, NULL::double precision AS warning, NULL::double precision AS critical,
  NULL::double precision AS elapsed_share
FROM buckets b
JOIN kpi v ON v.s = b.s
JOIN kpi_1 v_1 ON v_1.s = b.s
) p
ORDER BY p.s
