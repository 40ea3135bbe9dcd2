import type { KpiEvaluation } from '../core/evaluation/evaluate';
import { shownChange } from './figures';

/** Only the fields a change is shown from. */
function line(change: number, changePercent: number | null, direction: 'higher' | 'lower'): KpiEvaluation {
  return { change, changePercent, unit: 'percent', decimals: 1, direction } as KpiEvaluation;
}

describe('the change a report shows', () => {
  it('is no change (▶, uncoloured, unsigned) when it rounds to zero at the KPI decimals, whatever its percent', () => {
    expect(shownChange(line(-0.04, -2.17, 'higher'))).toEqual({ text: '0.0 pp (-2.2%)', arrow: '▶', tone: 'flat' });
    expect(shownChange(line(0.04, 2.17, 'lower'))).toEqual({ text: '0.0 pp (+2.2%)', arrow: '▶', tone: 'flat' });
  });
  it('is an arrow coloured by the direction once it shows at the KPI decimals', () => {
    expect(shownChange(line(-0.05, -2.7, 'higher'))).toEqual({ text: '-0.1 pp (-2.7%)', arrow: '▼', tone: 'bad' });
    expect(shownChange(line(-0.05, -2.7, 'lower'))).toEqual({ text: '-0.1 pp (-2.7%)', arrow: '▼', tone: 'good' });
  });
});
