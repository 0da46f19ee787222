/**
 * Query parameter names whose values are credentials: `token`, `access_token`, `private_token` (GitLab), `secret`,
 * `client_secret`, `key`, `api_key`, `password`, `sig`, `signature`, OAuth's `code` and `state`, and the like.
 * Matched without regard to case, as a whole name or its last `_`/`-` part.
 */
const CREDENTIAL_NAME =
  /(?:^|[_-])(?:token|secret|key|apikey|password|passwd|pwd|sig|signature|code|state|auth|authorization|session|jwt|credentials?)$/i;

/**
 * The request URL as the access log may write it: the value of every credential-like query parameter replaced by
 * `REDACTED` (issue 14: a token sent as `?token=` was logged). The path and the other parameters stay as sent.
 */
export function redactUrl(url: string): string {
  const question = url.indexOf('?');
  if (question < 0) return url;
  const query = url
    .slice(question + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const rawName = equals < 0 ? pair : pair.slice(0, equals);
      return equals >= 0 && CREDENTIAL_NAME.test(decodeName(rawName)) ? `${rawName}=REDACTED` : pair;
    })
    .join('&');
  return `${url.slice(0, question)}?${query}`;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
}
