WITH buckets AS (SELECT e - interval '24 hours' AS s, e FROM generate_series('2025-06-20T12:00:00.000Z'::timestamptz, '2025-06-29T12:00:00.000Z'::timestamptz, interval '24 hours') e),
windows AS MATERIALIZED (SELECT b.s, (((date_trunc('month', ((b.e - interval '1 microsecond') AT TIME ZONE 'Europe/Berlin')) - interval '1 hour') AT TIME ZONE 'Europe/Berlin') + interval '1 hour') AS cf, b.e AS ct, ((((date_trunc('month', ((b.e - interval '1 microsecond') AT TIME ZONE 'Europe/Berlin')) - interval '1 month') - interval '1 hour') AT TIME ZONE 'Europe/Berlin') + interval '1 hour') AS pf, (CASE WHEN ((((date_trunc('month', ((b.e - interval '1 microsecond') AT TIME ZONE 'Europe/Berlin')) + interval '1 month') - interval '1 hour') AT TIME ZONE 'Europe/Berlin') + interval '1 hour') = b.e THEN (((date_trunc('month', ((b.e - interval '1 microsecond') AT TIME ZONE 'Europe/Berlin')) - interval '1 hour') AT TIME ZONE 'Europe/Berlin') + interval '1 hour') ELSE least(((((date_trunc('month', ((b.e - interval '1 microsecond') AT TIME ZONE 'Europe/Berlin')) - interval '1 month') - interval '1 hour') AT TIME ZONE 'Europe/Berlin') + interval '1 hour') + (extract(epoch FROM (b.e - (((date_trunc('month', ((b.e - interval '1 microsecond') AT TIME ZONE 'Europe/Berlin')) - interval '1 hour') AT TIME ZONE 'Europe/Berlin') + interval '1 hour'))) * interval '1 second'), (((date_trunc('month', ((b.e - interval '1 microsecond') AT TIME ZONE 'Europe/Berlin')) - interval '1 hour') AT TIME ZONE 'Europe/Berlin') + interval '1 hour')) END) AS pt FROM buckets b),
cuts AS MATERIALIZED (SELECT array_agg(x ORDER BY x) AS a FROM (SELECT DISTINCT x FROM windows, LATERAL (VALUES (cf), (ct), (pf), (pt)) v(x)) d),
slices AS (SELECT (SELECT a FROM cuts)[width_bucket(s.finished_at, (SELECT a FROM cuts))] AS bin, count(*) AS q0
  FROM portal.runs s
  WHERE ((s.finished_at >= (SELECT min(cf) FROM windows) AND s.finished_at < (SELECT max(ct) FROM windows)) OR (s.finished_at >= (SELECT min(pf) FROM windows) AND s.finished_at < (SELECT max(pt) FROM windows)))
  GROUP BY 1),
kpi AS (SELECT b.s, (coalesce(sum(CASE WHEN x.bin >= b.cf AND x.bin < b.ct THEN x.q0 END), 0))::double precision AS value, (coalesce(sum(CASE WHEN x.bin >= b.pf AND x.bin < b.pt THEN x.q0 END), 0))::double precision AS previous
  FROM windows b LEFT JOIN slices x ON (x.bin >= b.cf AND x.bin < b.ct) OR (x.bin >= b.pf AND x.bin < b.pt)
  GROUP BY b.s)
SELECT time_ms, value, target, warning, critical, (target * elapsed_share)::double precision AS expected_to_date
FROM (
SELECT b.s, (extract(epoch FROM b.e) * 1000)::float8 AS time_ms, (100 * (v.value - v.previous) / NULLIF(abs(v.previous), 0)) AS value,
  NULL::double precision AS target, NULL::double precision AS warning, NULL::double precision AS critical,
  NULL::double precision AS elapsed_share
FROM buckets b
JOIN kpi v ON v.s = b.s
) p
ORDER BY p.s
