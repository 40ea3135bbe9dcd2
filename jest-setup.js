// Jest setup provided by Grafana scaffolding: browser shims, only where there is a browser
// (integration tests run in the node environment and have no HTMLCanvasElement).
if (typeof window !== 'undefined') {
  require('./.config/jest-setup');
}
