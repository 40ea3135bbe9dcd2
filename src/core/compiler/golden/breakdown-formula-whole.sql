SELECT key, value, NULL::double precision AS target, NULL::double precision AS warning, NULL::double precision AS critical
FROM (WITH o1 AS (SELECT s."team"::text AS key, (count(*))::double precision AS value
FROM portal.runs s
WHERE s.finished_at >= ('2025-06-29T12:00:00.000Z'::timestamptz - interval '720 hours') AND s.finished_at < '2025-06-29T12:00:00.000Z'::timestamptz
GROUP BY 1),
o2 AS (SELECT (SELECT ((array_agg(((value))::double precision ORDER BY s.time DESC, ((value)) DESC NULLS LAST))[1])::double precision FROM openkpi.measurement s WHERE s.kpi = 'uptime' AND s.time >= (((date_trunc('month', (('2025-06-29T12:00:00.000Z'::timestamptz - interval '1 microsecond') AT TIME ZONE 'Europe/Berlin')) - interval '1 hour') AT TIME ZONE 'Europe/Berlin') + interval '1 hour') AND s.time < '2025-06-29T12:00:00.000Z'::timestamptz) AS value)
SELECT k.key, (o1.value / NULLIF(o2.value, 0)) AS value
FROM (SELECT key FROM o1) k
LEFT JOIN o1 ON o1.key IS NOT DISTINCT FROM k.key
CROSS JOIN o2) formula
ORDER BY key COLLATE "C" ASC NULLS LAST
