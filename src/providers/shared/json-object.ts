export type JsonObject = Record<string, unknown>;

/** Whether a value is a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type JsonObjectResult =
  | { readonly ok: true; readonly value: JsonObject }
  | { readonly ok: false; readonly message: string };

/** Parses text that must hold one JSON object; the failure message says what is wrong. */
export function parseJsonObject(text: string, what = 'Body'): JsonObjectResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `${what} is not valid JSON: ${detail}` };
  }
  if (!isJsonObject(value))
    return { ok: false, message: `${what} must be a JSON object, not ${describeJsonType(value)}` };
  return { ok: true, value };
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
