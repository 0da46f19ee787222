import { useEffect, useRef } from 'react';
import { setUnauthorizedHandler } from './api/client';
import { Layout } from './components/Layout';
import { matchPath, navigate, useLocation } from './lib/router';
import { DashboardPage } from './pages/DashboardPage';
import { DeliveriesPage } from './pages/DeliveriesPage';
import { DeploymentPage } from './pages/DeploymentPage';
import { FigurePage } from './pages/FigurePage';

import { IncidentsPage } from './pages/IncidentsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OverviewPage } from './pages/OverviewPage';
import { ProjectShell } from './pages/ProjectShell';
import { ProjectsPage } from './pages/ProjectsPage';
import { SETTINGS_TABS, SettingsPage } from './pages/SettingsPage';
import { SignInPage } from './pages/SignInPage';
import { TeamPage } from './pages/TeamPage';
import { TeamsPage } from './pages/TeamsPage';
import { TokensPage } from './pages/TokensPage';

/** Where a 401 from any call sends the user: sign in, then come back here. */
function sendToSignIn(): void {
  const here = window.location.pathname + window.location.search;
  if (window.location.pathname === '/signin') return;
  const next = here === '/' ? '' : `?next=${encodeURIComponent(here)}`;
  navigate(`/signin${next}`, { replace: true });
}

function Routes({ pathname }: { pathname: string }) {
  if (pathname === '/signin') return <SignInPage />;
  if (pathname === '/' || pathname === '/projects' || pathname === '/projects/') return <ProjectsPage />;
  if (pathname === '/tokens') return <TokensPage />;
  // Across projects (issue 20, item 4): the overview and the teams.
  if (pathname === '/overview') return <OverviewPage />;
  if (pathname === '/teams' || pathname === '/teams/') return <TeamsPage />;
  const team = matchPath('/teams/:teamId', pathname);
  if (team?.teamId) return <TeamPage key={team.teamId} teamId={team.teamId} />;

  let params = matchPath('/projects/:projectId', pathname);
  if (params?.projectId) {
    return <ProjectShell projectId={params.projectId} render={(project) => <DashboardPage project={project} />} />;
  }
  // The drill-down (issue 20): a figure's rows, and one deployment.
  params = matchPath('/projects/:projectId/figures/:figure', pathname);
  if (params?.projectId && params.figure) {
    const slug = params.figure;
    return (
      <ProjectShell projectId={params.projectId} render={(project) => <FigurePage project={project} slug={slug} />} />
    );
  }
  params = matchPath('/projects/:projectId/deployments/:deploymentId', pathname);
  if (params?.projectId && params.deploymentId) {
    const id = params.deploymentId;
    return (
      <ProjectShell
        projectId={params.projectId}
        render={(project) => <DeploymentPage project={project} deploymentId={id} />}
      />
    );
  }
  params = matchPath('/projects/:projectId/settings/integrations/webhooks/:webhookId', pathname);
  if (params?.projectId && params.webhookId) {
    const webhookId = params.webhookId;
    return (
      <ProjectShell
        projectId={params.projectId}
        render={(project) => <DeliveriesPage project={project} webhookId={webhookId} />}
      />
    );
  }
  params = matchPath('/projects/:projectId/incidents', pathname);
  if (params?.projectId) {
    return <ProjectShell projectId={params.projectId} render={(project) => <IncidentsPage project={project} />} />;
  }
  for (const tab of SETTINGS_TABS) {
    const pattern = tab === 'general' ? '/projects/:projectId/settings' : `/projects/:projectId/settings/${tab}`;
    params = matchPath(pattern, pathname);
    if (params?.projectId) {
      return (
        <ProjectShell
          projectId={params.projectId}
          render={(project, onChange) => <SettingsPage project={project} tab={tab} onProjectChange={onChange} />}
        />
      );
    }
  }
  return <NotFoundPage />;
}

export function App() {
  const { pathname } = useLocation();
  const first = useRef(true);

  useEffect(() => {
    setUnauthorizedHandler(sendToSignIn);
  }, []);

  // After a navigation, move focus to the page so keyboard and screen-reader users start at its top.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each new path.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: false });
    window.scrollTo(0, 0);
  }, [pathname]);

  return (
    <Layout signedIn={pathname !== '/signin'}>
      <Routes pathname={pathname} />
    </Layout>
  );
}
