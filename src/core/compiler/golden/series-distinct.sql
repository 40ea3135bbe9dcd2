WITH distinct_gate AS MATERIALIZED (SELECT coalesce(bool_and(ok), true) AS monotone FROM (SELECT (cf >= lag(cf) OVER o AND ct >= lag(ct) OVER o) IS NOT FALSE AS ok FROM (SELECT b.s, (((date_trunc('quarter', ((b.e - interval '1 microsecond') AT TIME ZONE 'Europe/Berlin')) - interval '1 hour') AT TIME ZONE 'Europe/Berlin') + interval '1 hour') AS cf, b.e AS ct FROM (SELECT g AS s, g + interval '24 hours' AS e, g - interval '24 hours' AS ps FROM generate_series('2025-06-19T12:00:00.000Z'::timestamptz, '2025-06-29T12:00:00.000Z'::timestamptz, interval '24 hours') g WHERE g < '2025-06-29T12:00:00.000Z'::timestamptz) b) w WINDOW o AS (ORDER BY s)) x)
SELECT * FROM (
WITH buckets AS (SELECT g AS s, g + interval '24 hours' AS e, g - interval '24 hours' AS ps FROM generate_series('2025-06-19T12:00:00.000Z'::timestamptz, '2025-06-29T12:00:00.000Z'::timestamptz, interval '24 hours') g WHERE g < '2025-06-29T12:00:00.000Z'::timestamptz),
distinct_windows AS MATERIALIZED (SELECT b.s, (((date_trunc('quarter', ((b.e - interval '1 microsecond') AT TIME ZONE 'Europe/Berlin')) - interval '1 hour') AT TIME ZONE 'Europe/Berlin') + interval '1 hour') AS cf, b.e AS ct FROM buckets b),
distinct_marks AS MATERIALIZED (SELECT array_agg(cf ORDER BY s) AS f, array_agg(ct ORDER BY s) AS t, count(*) AS n FROM distinct_windows),
distinct_cuts AS MATERIALIZED (SELECT array_agg(x ORDER BY x) AS a FROM (SELECT DISTINCT x FROM distinct_windows, LATERAL (VALUES (cf), (ct)) v(x)) d),
distinct_pairs AS (SELECT c, lead(c) OVER (PARTITION BY v ORDER BY c) AS nx
  FROM (SELECT (team) AS v, width_bucket(s.finished_at, (SELECT a FROM distinct_cuts)) AS c
  FROM portal.runs s
  WHERE s.finished_at >= (SELECT min(cf) FROM distinct_windows) AND s.finished_at < (SELECT max(ct) FROM distinct_windows) AND (team) IS NOT NULL
  GROUP BY 1, 2) p),
distinct_spans AS (SELECT width_bucket(k.a[x.c], m.t) + 1 AS lo, least(width_bucket(k.a[x.c], m.f), coalesce(width_bucket(k.a[x.nx], m.t), m.n)) AS hi, x.n
  FROM (SELECT c, nx, count(*) AS n FROM distinct_pairs GROUP BY c, nx) x CROSS JOIN distinct_marks m CROSS JOIN distinct_cuts k),
distinct_deltas AS (SELECT i, sum(d) AS d FROM distinct_spans, LATERAL (VALUES (lo, n), (hi + 1, -n)) v(i, d) WHERE lo <= hi GROUP BY i),
distinct_counts AS (SELECT w.s, (coalesce(sum(d.d) OVER (ORDER BY w.i), 0))::double precision AS value
  FROM (SELECT s, row_number() OVER (ORDER BY s) AS i FROM distinct_windows) w LEFT JOIN distinct_deltas d ON d.i = w.i)
SELECT time_ms, value, target, warning, critical, (target * elapsed_share)::double precision AS expected_to_date
FROM (
SELECT b.s, (extract(epoch FROM b.e) * 1000)::float8 AS time_ms, v.value AS value,
  NULL::double precision AS target, NULL::double precision AS warning, NULL::double precision AS critical,
  NULL::double precision AS elapsed_share
FROM buckets b JOIN distinct_counts v ON v.s = b.s
) p
ORDER BY p.s
) one_statement
WHERE (SELECT monotone FROM distinct_gate)
UNION ALL
SELECT * FROM (
WITH buckets AS (SELECT g AS s, g + interval '24 hours' AS e, g - interval '24 hours' AS ps FROM generate_series('2025-06-19T12:00:00.000Z'::timestamptz, '2025-06-29T12:00:00.000Z'::timestamptz, interval '24 hours') g WHERE g < '2025-06-29T12:00:00.000Z'::timestamptz)
SELECT time_ms, value, target, warning, critical, (target * elapsed_share)::double precision AS expected_to_date
FROM (
SELECT b.s, (extract(epoch FROM b.e) * 1000)::float8 AS time_ms, (SELECT (count(DISTINCT (team)))::double precision FROM portal.runs s WHERE s.finished_at >= (((date_trunc('quarter', ((b.e - interval '1 microsecond') AT TIME ZONE 'Europe/Berlin')) - interval '1 hour') AT TIME ZONE 'Europe/Berlin') + interval '1 hour') AND s.finished_at < b.e) AS value,
  NULL::double precision AS target, NULL::double precision AS warning, NULL::double precision AS critical,
  NULL::double precision AS elapsed_share
FROM buckets b
) p
ORDER BY p.s
) point_by_point
WHERE NOT (SELECT monotone FROM distinct_gate)
ORDER BY time_ms
