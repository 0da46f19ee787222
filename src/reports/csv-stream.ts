import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { CsvExport } from './csv-export.js';

async function* rowsOf<Row extends object>(pages: AsyncIterable<readonly Row[]>): AsyncGenerator<Row> {
  for await (const page of pages) yield* page;
}

/**
 * The export as CSV text (RFC 4180: a header row, CRLF line ends, a field quoted when it holds a comma, a quote or a
 * line break, a quote doubled), written by csv-stringify. A stream pulls rows as its reader takes them: a page is
 * read only when the rows before it are written out (back-pressure), and destroying the returned stream (the client
 * went) ends the reading of pages. `null` is an empty field; booleans are `true` and `false`. A text field that
 * begins with `=`, `+`, `-`, `@` (or their full-width forms), a tab or a carriage return is written after a `'`
 * (csv-stringify's `escape_formulas`; a negative number is left alone), so a spreadsheet does not run it as a
 * formula (docs/DECISIONS.md).
 *
 * `onError` hears a failure after the first byte (a database lost mid-export): the answer is then cut short.
 */
export function csvStream<Row extends object>(
  exported: CsvExport<Row>,
  onError: (error: Error) => void = () => {},
): Readable {
  const source = Readable.from(rowsOf(exported.pages), { objectMode: true });
  const stringifier = stringify({
    header: true,
    columns: [...exported.columns],
    record_delimiter: 'windows',
    // Quote a field holding a lone \n or \r too (given a record delimiter, csv-stringify quotes only on that one).
    quote_record_delimiter: true,
    escape_formulas: true,
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
  pipeline(source, stringifier, (error) => {
    if (error !== null && error !== undefined && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') onError(error);
  });
  return stringifier;
}
