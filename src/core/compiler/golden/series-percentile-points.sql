WITH buckets AS (SELECT g AS s, g + interval '24 hours' AS e, g - interval '24 hours' AS ps FROM generate_series('2025-06-19T12:00:00.000Z'::timestamptz, '2025-06-29T12:00:00.000Z'::timestamptz, interval '24 hours') g WHERE g < '2025-06-29T12:00:00.000Z'::timestamptz)
SELECT time_ms, value, target, warning, critical, (target * elapsed_share)::double precision AS expected_to_date
FROM (
SELECT b.s, (extract(epoch FROM b.s) * 1000)::float8 AS time_ms, (SELECT (percentile_cont(0.95) WITHIN GROUP (ORDER BY ((duration_s))::double precision))::double precision FROM portal.runs s WHERE s.finished_at >= b.s AND s.finished_at < b.e) AS value,
  600::double precision AS target, 600::double precision AS warning, NULL::double precision AS critical,
  NULL::double precision AS elapsed_share
FROM buckets b
) p
ORDER BY p.s
