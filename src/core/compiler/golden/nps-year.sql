WITH bounds AS NOT MATERIALIZED (
  SELECT at,
    year_from, year_prev_from,
    CASE WHEN year_end = at THEN year_from ELSE least((year_prev_from AT TIME ZONE 'UTC' + (at - year_from)) AT TIME ZONE 'UTC', year_from) END AS year_prev_to
  FROM (SELECT '2025-06-29T12:00:00.000Z'::timestamptz AS at) a
  CROSS JOIN LATERAL (SELECT (at AT TIME ZONE 'UTC' - interval '1 microsecond') AT TIME ZONE 'UTC' AS just_before) j
  CROSS JOIN LATERAL (SELECT date_trunc('year', just_before AT TIME ZONE 'Europe/Berlin') AS year_start) l
  CROSS JOIN LATERAL (SELECT
    year_start AT TIME ZONE 'Europe/Berlin' AS year_from,
    (year_start + interval '1 year') AT TIME ZONE 'Europe/Berlin' AS year_end,
    (year_start - interval '1 year') AT TIME ZONE 'Europe/Berlin' AS year_prev_from) p
),
bound_values AS MATERIALIZED (SELECT * FROM bounds)
SELECT k.kpi, (extract(epoch FROM b.at) * 1000)::float8 AS at_ms, k.value, k.previous,
  (extract(epoch FROM k.window_from) * 1000)::float8 AS window_from_ms,
  (extract(epoch FROM b.at) * 1000)::float8 AS window_to_ms,
  (extract(epoch FROM k.previous_from) * 1000)::float8 AS previous_from_ms,
  (extract(epoch FROM k.previous_to) * 1000)::float8 AS previous_to_ms,
  (extract(epoch FROM k.last_data_at) * 1000)::float8 AS last_data_at_ms,
  k.stale, k.target, k.warning, k.critical, k.elapsed_share,
  (CASE WHEN k.elapsed_share = 1 THEN k.value WHEN k.elapsed_share = 0 THEN NULL ELSE k.value / k.elapsed_share END)::double precision AS projected,
  (k.target * k.elapsed_share)::double precision AS expected_to_date,
  k.volume
FROM bound_values b CROSS JOIN bounds r
CROSS JOIN LATERAL (
  SELECT (100.0 * (count(*) FILTER (WHERE s.opened_at >= b.year_from AND (score) >= 9) - count(*) FILTER (WHERE s.opened_at >= b.year_from AND (score) <= 6)) / NULLIF(count((score)) FILTER (WHERE s.opened_at >= b.year_from), 0))::float8 AS satisfaction,
    (100.0 * (count(*) FILTER (WHERE s.opened_at < b.year_prev_to AND (score) >= 9) - count(*) FILTER (WHERE s.opened_at < b.year_prev_to AND (score) <= 6)) / NULLIF(count((score)) FILTER (WHERE s.opened_at < b.year_prev_to), 0))::float8 AS satisfaction_prev
  FROM support.tickets s
  WHERE s.opened_at >= r.year_prev_from AND s.opened_at < r.at
) tickets
CROSS JOIN LATERAL (
  SELECT max(s.opened_at) AS last_data_at, false AS stale
  FROM support.tickets s WHERE s.opened_at < r.at
) tickets_fresh
CROSS JOIN LATERAL (VALUES
  (0, 'satisfaction', tickets.satisfaction, tickets.satisfaction_prev,
    b.year_from, b.year_prev_from, b.year_prev_to, tickets_fresh.last_data_at, tickets_fresh.stale,
    NULL::double precision, NULL::double precision, NULL::double precision, NULL::double precision, NULL::float8)
) k(ord, kpi, value, previous, window_from, previous_from, previous_to, last_data_at, stale, target, warning, critical, elapsed_share, volume)
ORDER BY k.ord
