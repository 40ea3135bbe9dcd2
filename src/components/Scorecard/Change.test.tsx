import React from 'react';
import { render, screen } from '@testing-library/react';
import { Change } from './Change';

const against = 'the 30d before';

describe('the change on the scorecard', () => {
  it('shows a change that rounds to zero at the KPI decimals as no change, as the reports do', () => {
    // 1.84 % → 1.80 %: 0.0 pp at one decimal, although -2.2 % of the previous figure.
    render(
      <Change change={-0.04} changePercent={-2.17} direction="higher" unit="percent" decimals={1} against={against} />
    );
    const change = screen.getByLabelText(`0.0% against ${against} (no change)`);
    expect(change).toHaveTextContent(/^0\.0%$/);
  });
  it('shows a real change too small in percent as its amount, coloured', () => {
    render(
      <Change change={100} changePercent={0.01} direction="higher" unit="currencyUSD" decimals={0} against={against} />
    );
    expect(screen.getByLabelText(/against the 30d before \(better\)/)).toHaveTextContent('+$100');
  });
  it('shows the relative change otherwise', () => {
    render(
      <Change change={-0.05} changePercent={-2.7} direction="higher" unit="percent" decimals={1} against={against} />
    );
    expect(screen.getByLabelText(`-0.1% against ${against} (worse)`)).toHaveTextContent('-2.7%');
  });
});
