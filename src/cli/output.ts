/** One line to standard output. */
export const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

/** A value as the API's JSON, indented. */
export const printJson = (value: unknown): void => out(JSON.stringify(value, null, 2));
