import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api/client';
import { ErrorNotice } from '../components/Status';
import { navigate, useLocation } from '../lib/router';
import { useTitle } from '../lib/use-title';

/** Only paths of this page are followed after signing in, never another site. */
function safeNext(next: string | null): string {
  if (next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/signin')) return next;
  return '/projects';
}

/** The issuer as people know it: its host (example.okta.com), or the whole URL if it does not parse. */
function issuerName(issuer: string): string {
  try {
    return new URL(issuer).host;
  } catch {
    return issuer;
  }
}

export function SignInPage() {
  useTitle('Sign in');
  const { search } = useLocation();
  const queryClient = useQueryClient();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [methods, setMethods] = useState<Awaited<ReturnType<typeof api.authMethods>>>();

  useEffect(() => {
    const controller = new AbortController();
    api.authMethods(controller.signal).then(setMethods, () => undefined);
    return () => controller.abort();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = token.trim();
    if (!value) {
      setError(new Error('Enter an API token.'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await api.signIn(value);
      // A new credential, perhaps of another role: nothing read before (who was signed in, say) still holds.
      queryClient.clear();
      setToken('');
      navigate(safeNext(search.get('next')), { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <h1>Sign in to Shipwatch</h1>
      {methods?.oidc ? (
        <p>
          {/* A whole-page navigation: the server redirects to the identity provider and back. */}
          <a className="button button-primary" href={methods.oidc.loginUrl}>
            Sign in with {issuerName(methods.oidc.issuer)}
          </a>
        </p>
      ) : null}
      {methods?.token === false ? null : (
        <form className="card form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="signin-token">API token</label>
            <input
              id="signin-token"
              name="token"
              className="input mono"
              type="password"
              autoComplete="current-password"
              spellCheck={false}
              value={token}
              onChange={(event) => setToken(event.target.value)}
              aria-describedby="signin-token-hint"
              aria-invalid={error ? true : undefined}
              required
            />
            <p id="signin-token-hint" className="hint">
              A token looks like <code>swt_…</code>. The first one is printed by the server when it first starts (or
              written to <code>admin-token</code> in its data folder); <code>shipwatch token create</code> makes
              another.
            </p>
          </div>
          <ErrorNotice error={error} />
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      )}
      <p className="hint">
        Signing in keeps a session cookie in this browser; the token itself is not stored. Sign out ends the session.
      </p>
    </div>
  );
}
