import { api } from '../api/client';
import { useApiQuery } from '../lib/api-query';
import { ErrorNotice } from './Status';

/**
 * The repositories of a project, from its newest 500 deployments (no route lists repositories): what the
 * repository filter offers. A repository named in the address but not among them is offered too.
 */
function useRepositories(projectId: string, current: string | undefined) {
  const query = useApiQuery(['repositories', projectId], async (signal) => {
    const page = await api.listDeployments(projectId, { limit: 500 }, signal);
    const names = new Set<string>();
    for (const deployment of page.deployments) if (deployment.repository) names.add(deployment.repository);
    return [...names].sort((a, b) => a.localeCompare(b));
  });
  const names = query.state.data ?? [];
  return { ...query, names: current && !names.includes(current) ? [current, ...names] : names };
}

interface RepositoryFilterProps {
  projectId: string;
  repository: string | undefined;
  onChange: (repository: string | undefined) => void;
}

/** Every figure and row narrowed to one repository (the API's `?repository=`), or all of them. */
export function RepositoryFilter({ projectId, repository, onChange }: RepositoryFilterProps) {
  const { names, state, reload } = useRepositories(projectId, repository);
  return (
    <div className="field repository-filter">
      <label htmlFor="repository-filter">Repository</label>
      <select
        id="repository-filter"
        className="input"
        value={repository ?? ''}
        onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
      >
        <option value="">All repositories</option>
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <ErrorNotice error={state.error} onRetry={reload} />
    </div>
  );
}
