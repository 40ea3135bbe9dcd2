/**
 * A do-nothing 2D canvas context for jsdom, which has none: Grafana's sparklines (uPlot) draw on
 * a canvas; the tests read the page's text, not its pixels (the browser tests look at those).
 */
const noop = () => undefined;
const context = new Proxy(
  {},
  {
    get: (_target, prop) =>
      prop === 'measureText' ? () => ({ width: 0 }) : prop === 'canvas' ? document.createElement('canvas') : noop,
    set: () => true,
  }
);

HTMLCanvasElement.prototype.getContext = (() => context) as unknown as HTMLCanvasElement['getContext'];

/** uPlot builds its paths as Path2D objects, which jsdom lacks too. */
class Path2DStandIn {
  moveTo = noop;
  lineTo = noop;
  bezierCurveTo = noop;
  quadraticCurveTo = noop;
  arc = noop;
  rect = noop;
  closePath = noop;
  addPath = noop;
}
(globalThis as unknown as { Path2D: unknown }).Path2D ??= Path2DStandIn;
