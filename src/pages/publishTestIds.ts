/** Test ids of the Publish page. */
export const publishTestIds = {
  container: 'data-testid publish-container',
  plan: 'data-testid publish-plan',
  summary: 'data-testid publish-summary',
  item: 'data-testid publish-item',
  error: 'data-testid publish-error',
  done: 'data-testid publish-done',
};
