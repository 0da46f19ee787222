import { isJsonObject, type JsonObject } from './json-object.js';

/** The value when it is a JSON object, else undefined. */
export function asObject(value: unknown): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}

/** A non-empty string (after trimming), else undefined. */
export function asText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A provider id: a non-empty string, or an integer written as its decimal digits. */
export function asId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return asText(value);
}

/** What a value is, for a reason a person reads: `"abc"`, `42`, `null`, `an object`, `no value`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'no value';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
