import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { CsvExport } from '../../../src/reports/csv-export.js';
import { csvStream } from '../../../src/reports/csv-stream.js';

interface Row {
  name: string | null;
  count: number | null;
  flag: boolean | null;
}

async function* pagesOf(...pages: Row[][]): AsyncGenerator<Row[]> {
  yield* pages;
}

const exportOf = (...pages: Row[][]): CsvExport<Row> => ({
  filename: 'rows.csv',
  columns: ['name', 'count', 'flag'],
  pages: pagesOf(...pages),
});

describe('csvStream', () => {
  it('writes RFC 4180: a header, CRLF after every record, quotes around commas, quotes and line breaks', async () => {
    const written = await text(
      csvStream(
        exportOf(
          [
            { name: 'plain', count: 1, flag: true },
            { name: 'a, b', count: 0, flag: false },
          ],
          [
            { name: 'say "hi"', count: null, flag: null },
            { name: 'two\nlines', count: 2.5, flag: true },
            { name: 'cr\r\nlf', count: 3, flag: false },
          ],
        ),
      ),
    );
    expect(written).toBe(
      [
        'name,count,flag',
        'plain,1,true',
        '"a, b",0,false',
        '"say ""hi""",,',
        '"two\nlines",2.5,true',
        '"cr\r\nlf",3,false',
        '',
      ].join('\r\n'),
    );
    expect(parse(written, { record_delimiter: '\r\n' })).toEqual([
      ['name', 'count', 'flag'],
      ['plain', '1', 'true'],
      ['a, b', '0', 'false'],
      ['say "hi"', '', ''],
      ['two\nlines', '2.5', 'true'],
      ['cr\r\nlf', '3', 'false'],
    ]);
  });

  it('puts a quote before a text that a spreadsheet would run as a formula', async () => {
    const names = ['=1+1', '+1', '-2', '@SUM(A1)', '\tx', 'a=b', 'ok'];
    const written = await text(csvStream(exportOf(names.map((name) => ({ name, count: -1, flag: null })))));
    const [, ...rows] = parse(written, { record_delimiter: '\r\n' }) as string[][];
    expect(rows.map((row) => row[0])).toEqual(["'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\tx", 'a=b', 'ok']);
    // A number is data, not a formula.
    expect(rows.map((row) => row[1])).toEqual(names.map(() => '-1'));
  });

  it('writes only the header for an empty export', async () => {
    expect(await text(csvStream(exportOf()))).toBe('name,count,flag\r\n');
  });
});
