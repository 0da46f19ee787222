import { reachability } from '../lib/public-url';

/** Warns when webhook URLs point at this machine or at plain http, which hosted providers cannot use. */
export function PublicUrlWarning({ url }: { url: string | undefined }) {
  const problem = url ? reachability(url) : null;
  if (!problem) return null;
  const reasons = [
    problem.local ? 'its host is this machine (localhost)' : null,
    problem.plainHttp ? 'it is plain http, not https' : null,
  ].filter(Boolean);
  return (
    <div className="notice notice-warning" data-testid="public-url-warning">
      <h3 className="notice-title">GitHub, GitLab.com and Azure DevOps cannot reach this URL</h3>
      <p>
        Webhook URLs start with <code className="break">{problem.origin}</code>: {reasons.join(', and ')}. Hosted
        providers send from the internet, so they cannot deliver to it (a generic webhook called from this machine or
        your own network still works).
      </p>
      <p>
        Set <code>SHIPWATCH_PUBLIC_URL</code> to the https address where this server can be reached, with TLS ended by a
        reverse proxy in front of it: see the section <strong>“Public URL and TLS”</strong> of Shipwatch's README.
        Webhook URLs are built from it.
      </p>
    </div>
  );
}
