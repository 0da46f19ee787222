/**
 * The media type of a Content-Type header, lower-cased and without parameters:
 * `Application/JSON; charset=utf-8` → `application/json`. Empty string when absent.
 */
export function mediaType(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  return (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
}
