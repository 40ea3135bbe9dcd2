/**
 * jsdom has no IntersectionObserver; Grafana's Select menus only need it to exist. Test-only:
 * the editors' tests call this in `beforeAll`.
 */
export function installIntersectionObserver(): void {
  window.IntersectionObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
    takeRecords() {
      return [];
    }
  } as unknown as typeof IntersectionObserver;
}
