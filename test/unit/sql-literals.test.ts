import { describe, expect, it } from 'vitest';
import { sqlLiteral, withLiterals } from '../../src/db/sql-literals.js';

// The literals of a batched statement (src/db/sql-literals.ts, for src/db/statement-batch.ts); test/integration/write-queue.test.ts stores
// such values through PostgreSQL and reads them back.
describe('withLiterals', () => {
  it('writes each value in place of its placeholder', () => {
    expect(withLiterals('insert into t (a, b, c) values ($1, $2, $3)', ['x', 42, null])).toBe(
      "insert into t (a, b, c) values ('x', 42, NULL)",
    );
  });

  it('reads placeholders of more than one digit, in any order', () => {
    const values = Array.from({ length: 12 }, (_, i) => i + 1);
    expect(withLiterals('select $12, $1, $10', values)).toBe('select 12, 1, 10');
  });

  it('leaves a dollar inside quotes alone', () => {
    expect(withLiterals(`select '$1', "$2", $1`, ['v'])).toBe(`select '$1', "$2", 'v'`);
  });

  it('does not read a value that looks like a placeholder as one', () => {
    expect(withLiterals('select $1, $2', ['$2', 'b'])).toBe("select '$2', 'b'");
  });

  it('gives up when a value has no plain literal, or a placeholder has no value', () => {
    expect(withLiterals('select $1', [[1, 2]])).toBeNull();
    expect(withLiterals('select $1', [Buffer.from('x')])).toBeNull();
    expect(withLiterals('select $2', ['only one'])).toBeNull();
  });
});

describe('sqlLiteral', () => {
  it('doubles quotes, and backslashes in an E string', () => {
    expect(sqlLiteral("O'Brien")).toBe("'O''Brien'");
    expect(sqlLiteral('a\\b')).toBe(" E'a\\\\b'");
  });

  it('puts a negative number in parentheses, so that a minus before it never makes a comment', () => {
    expect(sqlLiteral(-5)).toBe('(-5)');
    expect(`x -${sqlLiteral(-5)}`).toBe('x -(-5)');
    expect(sqlLiteral(7n)).toBe('7');
    expect(sqlLiteral(-7n)).toBe('(-7)');
  });

  it('refuses what PostgreSQL cannot take as a literal', () => {
    expect(sqlLiteral(Number.NaN)).toBeNull();
    expect(sqlLiteral(Number.POSITIVE_INFINITY)).toBeNull();
    expect(sqlLiteral('nul \u0000 inside')).toBeNull();
    expect(sqlLiteral({ a: 1 })).toBeNull();
  });

  it('writes null, undefined and booleans', () => {
    expect([sqlLiteral(null), sqlLiteral(undefined), sqlLiteral(true), sqlLiteral(false)]).toEqual([
      'NULL',
      'NULL',
      'TRUE',
      'FALSE',
    ]);
  });
});
