import { request, type TimeWindow } from './client';
import type { MetricSeries, Overview, SeriesInterval, Team, TeamMetrics } from './types';

const enc = encodeURIComponent;

export interface TeamInput {
  name: string;
  projectIds: string[];
  timeZone?: string;
}

/** The calls of the overview and the team pages (CONTRACT.md, "Across projects"). */
export const acrossApi = {
  overview: (window: TimeWindow, signal?: AbortSignal) =>
    request<Overview>('GET', '/api/metrics', { query: { ...window }, signal }),
  listTeams: (signal?: AbortSignal) => request<{ teams: Team[] }>('GET', '/api/teams', { signal }).then((r) => r.teams),
  getTeam: (teamId: string, signal?: AbortSignal) => request<Team>('GET', `/api/teams/${enc(teamId)}`, { signal }),
  createTeam: (input: TeamInput) => request<Team>('POST', '/api/teams', { body: input }),
  updateTeam: (teamId: string, input: Partial<TeamInput>) =>
    request<Team>('PATCH', `/api/teams/${enc(teamId)}`, { body: input }),
  deleteTeam: (teamId: string) => request<void>('DELETE', `/api/teams/${enc(teamId)}`),
  teamMetrics: (teamId: string, window: TimeWindow, signal?: AbortSignal) =>
    request<TeamMetrics>('GET', `/api/teams/${enc(teamId)}/metrics`, { query: { ...window }, signal }),
  teamSeries: (teamId: string, window: TimeWindow & { interval: SeriesInterval }, signal?: AbortSignal) =>
    request<MetricSeries>('GET', `/api/teams/${enc(teamId)}/metrics/series`, { query: { ...window }, signal }),
};
