export const testIds = {
  appConfig: {
    container: 'data-testid ac-container',
    disabled: 'data-testid ac-disabled',
    noSources: 'data-testid ac-no-sources',
    sources: 'data-testid ac-sources',
    addDatasource: 'data-testid ac-add-datasource',
  },
  catalog: {
    container: 'data-testid kpi-catalog-container',
    noSources: 'data-testid kpi-catalog-no-sources',
    source: 'data-testid kpi-catalog-source',
    area: 'data-testid kpi-catalog-area',
    kpi: 'data-testid kpi-catalog-kpi',
    problems: 'data-testid kpi-catalog-problems',
  },
  kpi: {
    container: 'data-testid kpi-page-container',
    unknown: 'data-testid kpi-page-unknown',
    definition: 'data-testid kpi-page-definition',
    figures: 'data-testid kpi-page-figures',
    status: 'data-testid kpi-page-status',
    error: 'data-testid kpi-page-error',
  },
};
