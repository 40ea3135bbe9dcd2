import { FormulaNode } from '../catalog/model';
import { numberLiteral } from '../sql/quote';

/**
 * A formula as SQL arithmetic; `operand` gives each referenced KPI's value expression.
 * A null operand makes the result null (SQL arithmetic), and a zero divisor gives null
 * (NULLIF) instead of a division error. Literals are double precision so `1/2` is 0.5.
 */
export function formulaSql(node: FormulaNode, operand: (kpiId: string) => string): string {
  switch (node.type) {
    case 'number':
      return `${numberLiteral(node.value)}::double precision`;
    case 'ref':
      return operand(node.kpi);
    case 'neg':
      return `(-${formulaSql(node.operand, operand)})`;
    case 'binary': {
      const left = formulaSql(node.left, operand);
      const right = formulaSql(node.right, operand);
      return node.op === '/' ? `(${left} / NULLIF(${right}, 0))` : `(${left} ${node.op} ${right})`;
    }
  }
}
