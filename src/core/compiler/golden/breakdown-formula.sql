SELECT key, value, NULL::double precision AS target, NULL::double precision AS warning, NULL::double precision AS critical
FROM (WITH o1 AS (SELECT s."team"::text AS key, (count(*))::double precision AS value
FROM support.tickets s
WHERE s.opened_at >= ('2025-06-29T12:00:00.000Z'::timestamptz - interval '720 hours') AND s.opened_at < '2025-06-29T12:00:00.000Z'::timestamptz
GROUP BY 1),
o2 AS (SELECT s."team"::text AS key, (count(*))::double precision AS value
FROM portal.runs s
WHERE s.finished_at >= ('2025-06-29T12:00:00.000Z'::timestamptz - interval '720 hours') AND s.finished_at < '2025-06-29T12:00:00.000Z'::timestamptz
GROUP BY 1)
SELECT k.key, (o1.value / NULLIF(o2.value, 0)) AS value
FROM (SELECT key FROM o1 UNION SELECT key FROM o2) k
LEFT JOIN o1 ON o1.key IS NOT DISTINCT FROM k.key
LEFT JOIN o2 ON o2.key IS NOT DISTINCT FROM k.key) formula
ORDER BY key COLLATE "C" ASC NULLS LAST
