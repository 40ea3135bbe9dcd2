import { OpenKpiError } from '../errors';
import { FormulaNode } from './model';

/**
 * Formula KPIs: `clv / cac`, `100 * (a - b) / b`, `-x + 2.5`.
 *
 * Hand-written recursive descent: the grammar is five rules (numbers, KPI ids, `+ - * /`,
 * unary minus, parentheses), and a generic expression library (mathjs, expr-eval…) would
 * accept far more than the compiler can translate to SQL (functions, `^`, variables with
 * dots), pull a large bundle into the browser, and give less precise error offsets.
 *
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := '-' unary | primary
 *   primary := NUMBER | ID | '(' expr ')'
 */

/** A formula syntax error; `offset` is the 0-based character offset in the formula text. */
export class FormulaSyntaxError extends OpenKpiError {
  constructor(
    message: string,
    readonly offset: number
  ) {
    super(`${message} at offset ${offset}`);
    this.name = 'FormulaSyntaxError';
  }
}

type Token =
  | { kind: 'number'; value: number; text: string; offset: number }
  | { kind: 'id'; text: string; offset: number }
  | { kind: 'op'; text: '+' | '-' | '*' | '/' | '(' | ')'; offset: number }
  | { kind: 'end'; text: ''; offset: number };

const NUMBER = /[0-9]+(?:\.[0-9]+)?|\.[0-9]+/y;
const ID = /[A-Za-z_][A-Za-z0-9_]*/y;
const SPACE = /\s+/y;
/** Deep enough for any real formula; stops hostile input from exhausting the call stack. */
const MAX_DEPTH = 64;
/**
 * Numbers and KPI ids in one formula. Real formulas have a handful; `a + a + …` with 12,000
 * terms is a tree 12,000 levels deep that every later walk (references, SQL) would recurse through.
 */
export const MAX_FORMULA_TERMS = 200;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const sticky = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    return re.exec(text)?.[0];
  };
  while (i < text.length) {
    const space = sticky(SPACE);
    if (space) {
      i += space.length;
      continue;
    }
    const num = sticky(NUMBER);
    if (num) {
      const value = Number(num);
      // `1` followed by 400 zeros is Infinity in JavaScript, and no SQL number literal.
      if (!Number.isFinite(value)) {
        throw new FormulaSyntaxError(`number ${JSON.stringify(shorten(num))} is too large`, i);
      }
      tokens.push({ kind: 'number', value, text: num, offset: i });
      i += num.length;
      continue;
    }
    const id = sticky(ID);
    if (id) {
      tokens.push({ kind: 'id', text: id, offset: i });
      i += id.length;
      continue;
    }
    const ch = text[i];
    if (ch === '+' || ch === '-' || ch === '*' || ch === '/' || ch === '(' || ch === ')') {
      tokens.push({ kind: 'op', text: ch, offset: i });
      i += 1;
      continue;
    }
    throw new FormulaSyntaxError(`unexpected character ${JSON.stringify(ch)}`, i);
  }
  tokens.push({ kind: 'end', text: '', offset: text.length });
  return tokens;
}

function shorten(text: string): string {
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

function describe(t: Token): string {
  return t.kind === 'end' ? 'end of formula' : JSON.stringify(t.text);
}

/**
 * Parses a formula into its tree. Throws FormulaSyntaxError (with the character offset)
 * on a syntax error; numbers with a decimal point such as `0.5` or `.5` are allowed.
 */
export function parseFormula(text: string): FormulaNode {
  const tokens = tokenize(text);
  const operands = tokens.filter((t) => t.kind === 'number' || t.kind === 'id');
  if (operands.length > MAX_FORMULA_TERMS) {
    throw new FormulaSyntaxError(
      `${operands.length} numbers and KPI ids, more than ${MAX_FORMULA_TERMS}`,
      operands[MAX_FORMULA_TERMS].offset
    );
  }
  let pos = 0;
  const peek = (): Token => tokens[pos];
  const isOp = (t: Token, ...ops: string[]): boolean => t.kind === 'op' && ops.includes(t.text);

  const expr = (depth: number): FormulaNode => {
    let left = term(depth);
    while (isOp(peek(), '+', '-')) {
      const op = tokens[pos++].text as '+' | '-';
      left = { type: 'binary', op, left, right: term(depth) };
    }
    return left;
  };
  const term = (depth: number): FormulaNode => {
    let left = unary(depth);
    while (isOp(peek(), '*', '/')) {
      const op = tokens[pos++].text as '*' | '/';
      left = { type: 'binary', op, left, right: unary(depth) };
    }
    return left;
  };
  const unary = (depth: number): FormulaNode => {
    const t = peek();
    if (depth > MAX_DEPTH) {
      throw new FormulaSyntaxError(`nested more than ${MAX_DEPTH} levels deep`, t.offset);
    }
    if (isOp(t, '-')) {
      pos++;
      return { type: 'neg', operand: unary(depth + 1) };
    }
    return primary(depth);
  };
  const primary = (depth: number): FormulaNode => {
    const t = tokens[pos++];
    if (t.kind === 'number') {
      return { type: 'number', value: t.value };
    }
    if (t.kind === 'id') {
      return { type: 'ref', kpi: t.text };
    }
    if (isOp(t, '(')) {
      const inner = expr(depth + 1);
      const close = tokens[pos++];
      if (!isOp(close, ')')) {
        throw new FormulaSyntaxError(`expected ")" but found ${describe(close)}`, close.offset);
      }
      return inner;
    }
    throw new FormulaSyntaxError(`expected a number, a KPI id or "(" but found ${describe(t)}`, t.offset);
  };

  const tree = expr(0);
  const rest = peek();
  if (rest.kind !== 'end') {
    throw new FormulaSyntaxError(`unexpected ${describe(rest)}`, rest.offset);
  }
  return tree;
}

/** The KPI ids a formula references, each once, in order of first appearance. */
export function formulaRefs(node: FormulaNode): string[] {
  const refs: string[] = [];
  const walk = (n: FormulaNode): void => {
    if (n.type === 'ref') {
      if (!refs.includes(n.kpi)) {
        refs.push(n.kpi);
      }
    } else if (n.type === 'neg') {
      walk(n.operand);
    } else if (n.type === 'binary') {
      walk(n.left);
      walk(n.right);
    }
  };
  walk(node);
  return refs;
}
