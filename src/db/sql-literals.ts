// SQL literals for the statements a write batch sends together on PostgreSQL (src/db/statement-batch.ts).

/**
 * `text` with each placeholder `$n` outside quotes replaced by its value as a SQL literal, or null when a value has
 * no plain literal (the statement is then sent with bound parameters).
 */
export function withLiterals(text: string, values: readonly unknown[]): string | null {
  const literals: string[] = [];
  for (const value of values) {
    const literal = sqlLiteral(value);
    if (literal === null) return null;
    literals.push(literal);
  }
  let out = '';
  let quote: "'" | '"' | null = null;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (quote !== null) {
      if (c === quote) quote = null;
      out += c;
      i += 1;
    } else if (c === "'" || c === '"') {
      quote = c;
      out += c;
      i += 1;
    } else if (c === '$' && /[0-9]/.test(text[i + 1] ?? '')) {
      let j = i + 1;
      while (/[0-9]/.test(text[j] ?? '')) j += 1;
      const literal = literals[Number(text.slice(i + 1, j)) - 1];
      if (literal === undefined) return null;
      out += literal;
      i = j;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/**
 * A value as a SQL literal: null; a finite number (in parentheses when negative, so that `- $1` never becomes a
 * comment); a boolean; a string quoted as pg's own `escapeLiteral` does (quotes and backslashes doubled, `E''`
 * when it holds a backslash). Anything else (arrays, buffers, objects): null. NUL never reaches here (without-nul.ts),
 * and a string holding one is refused, as PostgreSQL would.
 */
export function sqlLiteral(value: unknown): string | null {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    return value < 0 || Object.is(value, -0) ? `(${value})` : String(value);
  }
  if (typeof value === 'bigint') return value < 0n ? `(${value})` : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value !== 'string' || value.includes('\u0000')) return null;
  const hasBackslash = value.includes('\\');
  const body = value.replaceAll("'", "''");
  return hasBackslash ? ` E'${body.replaceAll('\\', '\\\\')}'` : `'${body}'`;
}
