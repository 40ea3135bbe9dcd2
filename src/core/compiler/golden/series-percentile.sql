WITH buckets AS (SELECT g AS s, g + interval '24 hours' AS e, g - interval '24 hours' AS ps FROM generate_series('2025-06-19T12:00:00.000Z'::timestamptz, '2025-06-29T12:00:00.000Z'::timestamptz, interval '24 hours') g WHERE g < '2025-06-29T12:00:00.000Z'::timestamptz),
pct_windows AS MATERIALIZED (SELECT b.s, (b.e - interval '168 hours') AS cf, b.e AS ct FROM buckets b),
pct_cuts AS MATERIALIZED (SELECT array_agg(x ORDER BY x) AS a, count(*) AS n FROM (SELECT DISTINCT x FROM pct_windows, LATERAL (VALUES (cf), (ct)) v(x)) d),
pct_spans AS MATERIALIZED (SELECT s, width_bucket(cf, (SELECT a FROM pct_cuts)) AS lo, width_bucket(ct, (SELECT a FROM pct_cuts)) AS hi FROM pct_windows),
pct_hist AS MATERIALIZED (SELECT c, k, count(*) AS n, min(v) AS vmin, max(v) AS vmax
  FROM (SELECT width_bucket(s.finished_at, (SELECT a FROM pct_cuts)) AS c, CASE WHEN (duration_s)::double precision > 0 THEN (1000000000 + ceil(ln((duration_s)::double precision) / 0.04)) WHEN (duration_s)::double precision < 0 THEN -(1000000000 + ceil(ln(-(duration_s)::double precision) / 0.04)) ELSE 0::double precision END AS k, (duration_s)::double precision AS v
  FROM portal.runs s
  WHERE s.finished_at >= (SELECT min(cf) FROM pct_windows) AND s.finished_at < (SELECT max(ct) FROM pct_windows) AND (duration_s) IS NOT NULL) r GROUP BY c, k),
pct_grid AS MATERIALIZED (SELECT g.c, ks.k, sum(coalesce(h.n, 0)) OVER (PARTITION BY ks.k ORDER BY g.c) AS cum
  FROM generate_series(0, (SELECT n FROM pct_cuts)) g(c) CROSS JOIN (SELECT DISTINCT k FROM pct_hist) ks
  LEFT JOIN pct_hist h ON h.c = g.c AND h.k = ks.k),
pct_point_ends AS MATERIALIZED (SELECT w.s, w.lo, a.k, a.cum FROM pct_spans w JOIN pct_grid a ON a.c = w.hi - 1),
pct_point_hist AS (SELECT e.s, e.k, e.cum - z.cum AS n
  FROM pct_point_ends e JOIN pct_grid z ON z.c = e.lo - 1 AND z.k = e.k WHERE e.cum > z.cum),
pct_ranked AS MATERIALIZED (SELECT s, k, n, cum, floor(r) AS rlo, ceil(r) AS rhi, r
  FROM (SELECT s, k, n, sum(n) OVER (PARTITION BY s ORDER BY k) AS cum, 0.95::double precision * (sum(n) OVER (PARTITION BY s) - 1)::double precision AS r FROM pct_point_hist) x),
pct_picks AS MATERIALIZED (SELECT a.s, a.r, a.rlo, a.rhi, a.k AS klo, a.cum - a.n AS blo, z.k AS khi, z.cum - z.n AS bhi, p.lo, p.hi
  FROM pct_ranked a JOIN pct_ranked z ON z.s = a.s AND z.cum > z.rhi AND z.cum - z.n <= z.rhi JOIN pct_spans p ON p.s = a.s
  WHERE a.cum > a.rlo AND a.cum - a.n <= a.rlo),
pct_range AS MATERIALIZED (SELECT min(vmin) AS vmin, max(vmax) AS vmax, array_agg(DISTINCT k) AS keys FROM pct_hist
  WHERE k IN (SELECT klo FROM pct_picks UNION SELECT khi FROM pct_picks)),
pct_candidates AS MATERIALIZED (SELECT c, k, f, v, count(*) AS n FROM (SELECT width_bucket(s.finished_at, (SELECT a FROM pct_cuts)) AS c, (duration_s)::double precision AS v
  FROM portal.runs s
  WHERE s.finished_at >= (SELECT min(cf) FROM pct_windows) AND s.finished_at < (SELECT max(ct) FROM pct_windows) AND (duration_s) IS NOT NULL AND (duration_s)::double precision >= (SELECT vmin FROM pct_range) AND (duration_s)::double precision <= (SELECT vmax FROM pct_range)) r
  CROSS JOIN LATERAL (SELECT CASE WHEN r.v > 0 THEN (1000000000 + ceil(ln(r.v) / 0.04)) WHEN r.v < 0 THEN -(1000000000 + ceil(ln(-r.v) / 0.04)) ELSE 0::double precision END AS k, CASE WHEN r.v > 0 THEN (1000000000 + ceil(ln(r.v) / 0.00015625)) WHEN r.v < 0 THEN -(1000000000 + ceil(ln(-r.v) / 0.00015625)) ELSE 0::double precision END AS f) key
  WHERE k = ANY ((SELECT keys FROM pct_range)::double precision[]) GROUP BY c, k, f, v),
pct_fine_grid AS MATERIALIZED (SELECT g.c, kf.k, kf.f, sum(coalesce(h.n, 0)) OVER (PARTITION BY kf.k, kf.f ORDER BY g.c) AS cum
  FROM generate_series(0, (SELECT n FROM pct_cuts)) g(c) CROSS JOIN (SELECT DISTINCT k, f FROM pct_candidates) kf
  LEFT JOIN (SELECT c, k, f, sum(n) AS n FROM pct_candidates GROUP BY c, k, f) h ON h.c = g.c AND h.k = kf.k AND h.f = kf.f),
pct_targets AS (SELECT s, lo, hi, 0 AS side, klo AS k, rlo - blo + 1 AS j FROM pct_picks UNION ALL SELECT s, lo, hi, 1, khi, rhi - bhi + 1 FROM pct_picks),
pct_fine_ends AS MATERIALIZED (SELECT t.s, t.side, t.lo, t.j, a.k, a.f, a.cum, t.hi FROM pct_targets t JOIN pct_fine_grid a ON a.c = t.hi - 1 AND a.k = t.k),
pct_fine_ranked AS (SELECT e.s, e.side, e.lo, e.hi, e.j, e.k, e.f, e.cum - z.cum AS n, sum(e.cum - z.cum) OVER (PARTITION BY e.s, e.side ORDER BY e.f) AS cum
  FROM pct_fine_ends e JOIN pct_fine_grid z ON z.c = e.lo - 1 AND z.k = e.k AND z.f = e.f WHERE e.cum > z.cum),
pct_fine_picks AS MATERIALIZED (SELECT s, side, lo, hi, k, f, j - (cum - n) AS j FROM pct_fine_ranked WHERE cum >= j AND cum - n < j),
pct_order_stats AS (SELECT s, side, min(v) FILTER (WHERE cum >= j) AS v
  FROM (SELECT p.s, p.side, p.j, x.v, sum(sum(x.n)) OVER (PARTITION BY p.s, p.side ORDER BY x.v) AS cum
    FROM pct_fine_picks p JOIN pct_candidates x ON x.k = p.k AND x.f = p.f AND x.c >= p.lo AND x.c < p.hi GROUP BY p.s, p.side, p.j, x.v) y
  GROUP BY s, side),
pct_values AS (SELECT p.s, p.r, p.rlo, a.v AS vlo, z.v AS vhi
  FROM pct_picks p JOIN pct_order_stats a ON a.s = p.s AND a.side = 0 JOIN pct_order_stats z ON z.s = p.s AND z.side = 1)
SELECT time_ms, value, target, warning, critical, (target * elapsed_share)::double precision AS expected_to_date
FROM (
SELECT b.s, (extract(epoch FROM b.e) * 1000)::float8 AS time_ms, (CASE WHEN v.rlo = v.r THEN v.vlo ELSE v.vlo + (v.vhi - v.vlo) * (v.r - v.rlo) END) AS value,
  600::double precision AS target, 600::double precision AS warning, NULL::double precision AS critical,
  NULL::double precision AS elapsed_share
FROM buckets b LEFT JOIN pct_values v ON v.s = b.s
) p
ORDER BY p.s
