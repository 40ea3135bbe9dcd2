import { KPI_FIGURES, KpiFigure, KpiQuery, KpiQueryType, PACE_FIGURES, PaceFigure, QUERY_VERSION } from './model';

/** The query a new panel starts with: every KPI's value. */
export const DEFAULT_QUERY: Partial<KpiQuery> = {
  queryType: 'kpi',
  version: QUERY_VERSION,
  kpis: [],
  areas: [],
  owners: [],
  tags: [],
  filters: [],
};

type Loose = Partial<
  Record<
    keyof KpiQuery | 'mode' | 'step' | 'by' | 'figures' | 'pace' | 'targetLine' | 'objectives' | 'warning' | 'critical',
    unknown
  >
> & {
  refId?: string;
};

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Known figures only, each once; `undefined` when none was saved (the frame then has all). */
function figuresOf(value: unknown): KpiFigure[] | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  return [...new Set(value.filter((v): v is KpiFigure => (KPI_FIGURES as readonly unknown[]).includes(v)))];
}

/** A known pace figure other than the default (`value`), else undefined. */
function paceOf(value: unknown): PaceFigure | undefined {
  return value !== 'value' && (PACE_FIGURES as readonly unknown[]).includes(value) ? (value as PaceFigure) : undefined;
}

/**
 * Fills every field a query of the given type needs, keeping what is set. The one place defaults
 * live, so the editor, the runner and the migration agree.
 */
export function withDefaults(query: Loose, queryType?: KpiQueryType): KpiQuery {
  const type = queryType ?? (query.queryType as KpiQueryType | undefined) ?? 'kpi';
  // `figures` and `pace` belong to the KPI type only; they are re-added, checked, below.
  const { figures: savedFigures, pace: savedPace, ...rest } = query;
  const base = {
    ...(rest as object),
    refId: query.refId ?? 'A',
    version: QUERY_VERSION,
    kpis: strings(query.kpis),
    areas: strings(query.areas),
    owners: strings(query.owners),
    tags: strings(query.tags),
    filters: Array.isArray(query.filters)
      ? query.filters
          .filter((f) => f && typeof f.dimension === 'string')
          .map((f) => ({ dimension: f.dimension as string, values: strings(f.values) }))
      : [],
  };
  switch (type) {
    case 'trend':
      return {
        ...base,
        queryType: 'trend',
        mode: query.mode === 'buckets' ? 'buckets' : 'trend',
        step: typeof query.step === 'string' && query.step !== '' ? query.step : 'auto',
        ...(query.targetLine === false ? { targetLine: false } : {}),
      };
    case 'breakdown':
      return { ...base, queryType: 'breakdown', by: typeof query.by === 'string' ? query.by : '' };
    case 'scorecard':
      return { ...base, queryType: 'scorecard' };
    case 'objectives':
      return { ...base, queryType: 'objectives', objectives: strings(query.objectives) };
    case 'backtest':
      return {
        ...base,
        queryType: 'backtest',
        step: typeof query.step === 'string' && query.step !== '' ? query.step : 'auto',
        ...(finite(query.warning) ? { warning: query.warning } : {}),
        ...(finite(query.critical) ? { critical: query.critical } : {}),
      };
    default: {
      const figures = figuresOf(savedFigures);
      const pace = paceOf(savedPace);
      return { ...base, queryType: 'kpi', ...(figures ? { figures } : {}), ...(pace ? { pace } : {}) };
    }
  }
}
