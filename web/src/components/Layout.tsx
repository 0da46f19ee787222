import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { api } from '../api/client';
import { Link, navigate, useLocation } from '../lib/router';
import { useAccess } from '../lib/use-access';

function NavLink({ to, children, current }: { to: string; children: ReactNode; current: boolean }) {
  return (
    <Link to={to} className="nav-link" aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}

/**
 * Links only an admin may follow (tokens), and the role signed in; asks who that is, so it renders only once signed
 * in. The role shows once known (`data-testid="signed-in-role"`), and every control the role allows with it.
 */
function AccessNav({ pathname }: { pathname: string }) {
  const { me, isAdmin } = useAccess();
  return (
    <>
      {isAdmin ? (
        <NavLink to="/tokens" current={pathname === '/tokens'}>
          API tokens
        </NavLink>
      ) : null}
      {me ? (
        <span className="signed-in-role" title={me.name}>
          <span className="visually-hidden">Signed in as </span>
          <span data-testid="signed-in-role">{me.role}</span>
        </span>
      ) : null}
    </>
  );
}

/** The frame of every page: skip link, header with navigation and sign-out, and the main region. */
export function Layout({ children, signedIn }: { children: ReactNode; signedIn: boolean }) {
  const { pathname } = useLocation();
  const [signingOut, setSigningOut] = useState(false);
  const queryClient = useQueryClient();

  const signOut = async () => {
    setSigningOut(true);
    try {
      await api.signOut();
    } catch {
      // The cookie may be gone already; signing in again is the answer either way.
    } finally {
      setSigningOut(false);
      // Nothing read with this session (its role included) may show to whoever signs in next.
      queryClient.clear();
      navigate('/signin');
    }
  };

  const onProjects = pathname === '/' || pathname.startsWith('/projects');
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Shipwatch
          </Link>
          {signedIn ? (
            <nav aria-label="Main" className="main-nav">
              <NavLink to="/projects" current={onProjects}>
                Projects
              </NavLink>
              <NavLink to="/overview" current={pathname === '/overview'}>
                Overview
              </NavLink>
              <NavLink to="/teams" current={pathname === '/teams' || pathname.startsWith('/teams/')}>
                Teams
              </NavLink>
              <AccessNav pathname={pathname} />
              <button type="button" className="button button-small" onClick={signOut} disabled={signingOut}>
                {signingOut ? 'Signing out…' : 'Sign out'}
              </button>
            </nav>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1} className="site-main">
        {children}
      </main>
    </>
  );
}
