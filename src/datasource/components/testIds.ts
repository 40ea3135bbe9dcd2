/** Selectors for the data source's editors, shared by the components and their tests. */
export const testIds = {
  configEditor: {
    postgres: 'data-testid openkpi-config-postgres',
    catalog: 'data-testid openkpi-config-catalog',
    problems: 'data-testid openkpi-config-problems',
    problem: 'data-testid openkpi-config-problem',
    valid: 'data-testid openkpi-config-valid',
    importFile: 'data-testid openkpi-config-import',
    exportFile: 'data-testid openkpi-config-export',
  },
  queryEditor: {
    targetLine: 'data-testid openkpi-query-target-line',
    queryType: 'data-testid openkpi-query-type',
    kpis: 'data-testid openkpi-query-kpis',
    areas: 'data-testid openkpi-query-areas',
    owners: 'data-testid openkpi-query-owners',
    tags: 'data-testid openkpi-query-tags',
    figures: 'data-testid openkpi-query-figures',
    mode: 'data-testid openkpi-query-mode',
    step: 'data-testid openkpi-query-step',
    by: 'data-testid openkpi-query-by',
    addFilter: 'data-testid openkpi-query-add-filter',
    filter: 'data-testid openkpi-query-filter',
    catalogError: 'data-testid openkpi-query-catalog-error',
  },
};
