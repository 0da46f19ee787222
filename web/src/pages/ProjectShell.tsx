import type { ReactNode } from 'react';
import { ApiError, api } from '../api/client';
import type { Project } from '../api/types';
import { CsvDownloads } from '../components/CsvDownloads';
import { ErrorNotice, Loading } from '../components/Status';
import { useApiQuery } from '../lib/api-query';
import { Link, useLocation } from '../lib/router';

interface ProjectShellProps {
  projectId: string;
  render: (project: Project, onProjectChange: (project: Project) => void) => ReactNode;
}

/** Loads a project once for its pages and gives them a shared project navigation. */
export function ProjectShell({ projectId, render }: ProjectShellProps) {
  const { state, reload, setData } = useApiQuery(['project', projectId], (signal) => api.getProject(projectId, signal));
  const { pathname } = useLocation();
  const base = `/projects/${encodeURIComponent(projectId)}`;
  const project = state.data?.id === projectId ? state.data : undefined;

  if (!project) {
    if (state.status === 'error') {
      const notFound = state.error instanceof ApiError && state.error.status === 404;
      return (
        <div className="page">
          <h1>{notFound ? 'Project not found' : 'Could not load the project'}</h1>
          <ErrorNotice error={state.error} onRetry={notFound ? undefined : reload} />
          <p>
            <Link to="/projects">Back to the projects</Link>
          </p>
        </div>
      );
    }
    return (
      <div className="page">
        <Loading label="Loading project…" />
      </div>
    );
  }

  const onSettings = pathname.startsWith(`${base}/settings`);
  const onIncidents = pathname.startsWith(`${base}/incidents`);
  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/projects">Projects</Link>
          </li>
          <li>
            <Link to={base} aria-current={pathname === base ? 'page' : undefined}>
              {project.name}
            </Link>
          </li>
        </ol>
      </nav>
      <nav aria-label="Project" className="subnav">
        <Link to={base} className="subnav-link" aria-current={!onSettings && !onIncidents ? 'page' : undefined}>
          Dashboard
        </Link>
        <Link to={`${base}/incidents`} className="subnav-link" aria-current={onIncidents ? 'page' : undefined}>
          Incidents
        </Link>
        <Link to={`${base}/settings`} className="subnav-link" aria-current={onSettings ? 'page' : undefined}>
          Settings
        </Link>
      </nav>
      {render(project, (updated) => setData(() => updated))}
      {pathname === base ? <CsvDownloads project={project} /> : null}
    </div>
  );
}
