/**
 * The integers of comma-separated lists (SQLite's `string_agg` of lead times), in one array, without making a
 * string per value.
 */
export function parseIntegerLists(texts: readonly (string | null)[]): Float64Array {
  let count = 0;
  for (const text of texts) {
    if (text === null || text.length === 0) continue;
    count += 1;
    for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) === 44) count += 1;
  }
  const values = new Float64Array(count);
  let n = 0;
  for (const text of texts) {
    if (text === null || text.length === 0) continue;
    let value = 0;
    let negative = false;
    for (let i = 0; i <= text.length; i += 1) {
      const code = i < text.length ? text.charCodeAt(i) : 44;
      if (code === 44) {
        values[n] = negative ? -value : value;
        n += 1;
        value = 0;
        negative = false;
      } else if (code === 45) {
        negative = true;
      } else if (code >= 48 && code <= 57) {
        value = value * 10 + (code - 48);
      } else {
        throw new Error(`not a list of integers: ${JSON.stringify(text.slice(0, 40))}`);
      }
    }
  }
  return values;
}
