/**
 * The Azure DevOps organization (or, on Azure DevOps Server, the collection) a URL belongs to,
 * lower-cased since these names ignore case:
 * - `https://dev.azure.com/fabrikam/...` and `https://vsrm.dev.azure.com/fabrikam/...` → `fabrikam`;
 * - `https://fabrikam.visualstudio.com/...` and `https://fabrikam.vsrm.visualstudio.com/...` → `fabrikam`;
 * - Azure DevOps Server, `https://tfs.example.com/tfs/DefaultCollection/...` or
 *   `https://tfs.example.com/DefaultCollection/...` → `defaultcollection`.
 * Undefined when the value is not such a URL.
 */
export function organizationFromUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  if (host.endsWith('.visualstudio.com')) return host.split('.')[0];
  const first = host === 'dev.azure.com' || host.endsWith('.dev.azure.com') ? segments[0] : serverCollection(segments);
  return first === undefined ? undefined : safeDecode(first).toLowerCase();
}

function serverCollection(segments: readonly string[]): string | undefined {
  return segments[0]?.toLowerCase() === 'tfs' ? segments[1] : segments[0];
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
