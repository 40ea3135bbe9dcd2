WITH buckets AS (SELECT s, e, ps FROM (SELECT (g AT TIME ZONE 'Europe/Berlin') AS s, ((g + interval '1 week') AT TIME ZONE 'Europe/Berlin') AS e, ((g - interval '1 week') AT TIME ZONE 'Europe/Berlin') AS ps FROM generate_series(date_trunc('week', ('2025-06-19T12:00:00.000Z'::timestamptz AT TIME ZONE 'Europe/Berlin')), ('2025-06-29T12:00:00.000Z'::timestamptz AT TIME ZONE 'Europe/Berlin'), interval '1 week') g) b WHERE s < '2025-06-29T12:00:00.000Z'::timestamptz),
slices AS (SELECT (date_trunc('week', (s.finished_at AT TIME ZONE 'Europe/Berlin')) AT TIME ZONE 'Europe/Berlin') AS bin, count(*) AS q0
  FROM portal.runs s
  WHERE s.finished_at >= (SELECT min(s) FROM buckets) AND s.finished_at < (SELECT max(e) FROM buckets)
  GROUP BY 1),
kpi AS (SELECT b.s, (coalesce(sum(x.q0), 0))::double precision AS value
  FROM buckets b LEFT JOIN slices x ON x.bin = b.s
  GROUP BY b.s)
SELECT time_ms, value, target, warning, critical, (target * elapsed_share)::double precision AS expected_to_date
FROM (
SELECT b.s, (extract(epoch FROM b.s) * 1000)::float8 AS time_ms, v.value AS value,
  NULL::double precision AS target, NULL::double precision AS warning, NULL::double precision AS critical,
  NULL::double precision AS elapsed_share
FROM buckets b
JOIN kpi v ON v.s = b.s
) p
ORDER BY p.s
