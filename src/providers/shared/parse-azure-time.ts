import { parseRfc3339 } from './parse-rfc3339.js';

// A .NET DateTime without a zone: `2016-01-21T08:19:17.26`, or the `0001-01-01T00:00:00` sentinel.
const ZONELESS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?$/;

/**
 * Parses an Azure DevOps time: ISO 8601 with 0 to 7 fraction digits (`2016-09-19T13:03:28.5345098Z`).
 * Null for .NET's `DateTime.MinValue` sentinel (`0001-01-01T00:00:00`, with or without `Z`),
 * meaning "no time", and for anything malformed. Azure DevOps keeps times in UTC, so a time
 * written without a zone is read as UTC.
 * Source: MicrosoftDocs/azure-devops-docs docs/service-hooks/events.md (sample payloads).
 */
export function parseAzureTime(text: string): number | null {
  if (text.startsWith('0001-')) return null;
  return parseRfc3339(ZONELESS.test(text) ? `${text}Z` : text);
}
