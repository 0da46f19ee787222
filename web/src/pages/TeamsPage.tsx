import { acrossApi } from '../api/across';
import { api } from '../api/client';
import { ErrorNotice, Loading } from '../components/Status';
import { TeamForm } from '../components/TeamForm';
import { useApiQuery } from '../lib/api-query';
import { plural } from '../lib/format';
import { Link, navigate } from '../lib/router';
import { useAccess } from '../lib/use-access';
import { useTitle } from '../lib/use-title';

export function teamHref(teamId: string): string {
  return `/teams/${encodeURIComponent(teamId)}`;
}

/** The teams (`GET /api/teams`), and a form to make one for a maintainer or an admin. */
export function TeamsPage() {
  useTitle('Teams');
  const { canWrite } = useAccess();
  const { state, reload, setData } = useApiQuery(['teams'], (signal) => acrossApi.listTeams(signal));
  const projects = useApiQuery(['projects'], (signal) => api.listProjects(signal));
  const names = new Map((projects.state.data ?? []).map((p) => [p.id, p.name]));
  const teams = state.data;

  return (
    <div className="page">
      <h1>Teams</h1>
      <p className="lead">
        A team pools the deployments, commits and incidents of several projects into one set of figures.
      </p>
      <section className="section" aria-labelledby="teams-list-title">
        <h2 id="teams-list-title">Your teams</h2>
        {state.status === 'loading' && !teams ? <Loading label="Loading teams…" /> : null}
        <ErrorNotice error={state.error} onRetry={reload} />
        {teams && teams.length === 0 ? (
          <p className="empty">
            {canWrite ? 'No team yet. Create one below.' : 'No team yet. A maintainer or an admin creates teams.'}
          </p>
        ) : null}
        {teams && teams.length > 0 ? (
          <ul className="project-list">
            {teams.map((team) => (
              <li key={team.id} className="card project-item" data-testid="team-item">
                <div className="project-item-main">
                  <Link to={teamHref(team.id)} className="project-link">
                    {team.name}
                  </Link>
                  <span className="muted">
                    {plural(team.projectIds.length, 'project')}
                    {names.size > 0 ? `: ${team.projectIds.map((id) => names.get(id) ?? id).join(', ')}` : ''} ·{' '}
                    {team.timeZone.replaceAll('_', ' ')}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      {canWrite ? (
        <TeamForm
          title="Create a team"
          submitLabel="Create team"
          busyLabel="Creating…"
          onSubmit={async (input) => {
            const team = await acrossApi.createTeam(input);
            setData((current) => [...(current ?? []), team]);
            navigate(teamHref(team.id));
          }}
        />
      ) : null}
    </div>
  );
}
