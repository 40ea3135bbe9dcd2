/**
 * Lexical checks for the admin-written SQL fragments of a catalog (`expression`, `filter`,
 * a source's `sql`). They are trusted, but a fragment is pasted inside a larger statement,
 * so it must not be able to end that statement (`;`), close a parenthesis it did not open,
 * leave a string open, or start a comment that swallows the SQL after it.
 *
 * Why a lexer and not a SQL parser library: none is small and browser-safe while covering
 * PostgreSQL's dialect (the full ones are WASM builds of the server's parser), and PostgreSQL
 * itself reports real syntax errors at evaluation, which the engine surfaces per KPI. All we
 * need here is the token structure: quotes, dollar quotes, comments, parentheses, `;`.
 */

/** Characters that continue a PostgreSQL identifier or keyword (`$` included, as in `a$b`). */
const WORD = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

/** Returns a message describing the first lexical problem of a fragment, or undefined when fine. */
export function checkSqlFragment(text: string): string | undefined {
  if (text.trim() === '') {
    return 'must not be empty';
  }
  if (text.includes('\u0000')) {
    return 'must not contain a NUL character';
  }
  const opens: number[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const next = text[i + 1];
    const afterWord = i > 0 && WORD.test(text[i - 1]);
    if (ch === "'") {
      // E'…' strings take backslash escapes; every other form only doubles the quote.
      const escapes = afterWord && /[eE]/.test(text[i - 1]) && (i < 2 || !WORD.test(text[i - 2]));
      const end = endOfQuoted(text, i, "'", escapes);
      if (end < 0) {
        return `unterminated string starting at offset ${i}`;
      }
      i = end;
    } else if (ch === '"') {
      const end = endOfQuoted(text, i, '"', false);
      if (end < 0) {
        return `unterminated quoted identifier starting at offset ${i}`;
      }
      i = end;
    } else if (ch === '$' && !afterWord) {
      DOLLAR_TAG.lastIndex = i;
      const tag = DOLLAR_TAG.exec(text)?.[0];
      if (tag === undefined) {
        i += 1; // a positional parameter such as $1: not a quote
        continue;
      }
      const close = text.indexOf(tag, i + tag.length);
      if (close < 0) {
        return `unterminated dollar-quoted string ${tag} starting at offset ${i}`;
      }
      i = close + tag.length;
    } else if ((ch === '-' && next === '-') || (ch === '/' && next === '*')) {
      return `comments (${ch}${next}) are not allowed: they could hide the SQL that follows (offset ${i})`;
    } else if (ch === ';') {
      return `";" at offset ${i}: a fragment must be a single expression, not several statements`;
    } else if (ch === '(') {
      opens.push(i);
      i += 1;
    } else if (ch === ')') {
      if (opens.pop() === undefined) {
        return `")" at offset ${i} has no matching "("`;
      }
      i += 1;
    } else {
      i += 1;
    }
  }
  if (opens.length > 0) {
    return `"(" at offset ${opens[opens.length - 1]} is never closed`;
  }
  return undefined;
}

/** Index just past the closing quote of the quoted text starting at `start`, or -1 if unterminated. */
function endOfQuoted(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
    } else if (ch === quote && text[i + 1] === quote) {
      i += 2; // a doubled quote stands for one
    } else if (ch === quote) {
      return i + 1;
    } else {
      i += 1;
    }
  }
  return -1;
}

/** Checks a source's `sql`: a valid fragment that is a query (starts with SELECT or WITH). */
export function checkSourceSql(text: string): string | undefined {
  const problem = checkSqlFragment(text);
  if (problem !== undefined) {
    return problem;
  }
  if (!/^\s*(?:select|with)(?![A-Za-z0-9_$])/i.test(text)) {
    return 'must be a query starting with SELECT or WITH';
  }
  return undefined;
}
