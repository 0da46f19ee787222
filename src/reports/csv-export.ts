/** Rows read per query by the CSV exports: at most this many are held at once, whatever the window. */
export const CSV_PAGE_ROWS = 500;

/**
 * A CSV export before it is written: its file name, its columns in order (the header row) and its rows, read in
 * pages of at most `pageSize` rows by keyset pagination, one page per step of the iteration (nothing is read
 * until the consumer asks, and a consumer that stops asking stops the reads). src/reports/csv-stream.ts writes it.
 */
export interface CsvExport<Row extends object> {
  readonly filename: string;
  readonly columns: readonly (keyof Row & string)[];
  readonly pages: AsyncIterable<readonly Row[]>;
}

export interface CsvExportOptions {
  /** Rows per page (default `CSV_PAGE_ROWS`); tests make it small. */
  readonly pageSize?: number;
}
