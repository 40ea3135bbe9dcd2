SELECT s."team"::text AS key, (100 * (count(*) FILTER (WHERE (status = 'succeeded')))::double precision / NULLIF((count(*))::double precision, 0)) AS value,
  95::double precision AS target, 95::double precision AS warning, 90::double precision AS critical
FROM portal.runs s
WHERE s.finished_at >= ('2025-06-29T12:00:00.000Z'::timestamptz - interval '720 hours') AND s.finished_at < '2025-06-29T12:00:00.000Z'::timestamptz AND (status <> 'cancelled')
GROUP BY 1
ORDER BY s."team"::text COLLATE "C" ASC NULLS LAST
