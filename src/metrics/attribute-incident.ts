import type { MetricDeployment } from './metric-deployment.js';

/** How an incident came to be linked to a deployment (CONTRACT.md, "Incidents"). */
export type AttributionKind = 'manual' | 'sha' | 'window';

export interface IncidentAttribution {
  /** The production deployment the incident is put down to; null for none. */
  readonly deploymentId: string | null;
  /** Null when nothing links it (no person's judgement, no sha, no deployment in the window). */
  readonly attribution: AttributionKind | null;
}

/** What attribution needs of a deployment: the metrics' view, with the commit it deployed. */
export type AttributionDeployment = Pick<
  MetricDeployment,
  'id' | 'repository' | 'environment' | 'production' | 'status' | 'finishedAt'
> & { readonly sha: string | null };

export interface AttributableIncident {
  readonly startedAt: number;
  readonly repository: string | null;
  /** PagerDuty's service id, mapped to a repository through `pagerdutyServices`. */
  readonly serviceId: string | null;
  readonly sha: string | null;
  readonly environment: string | null;
  /** A person's link (`PATCH /api/incidents/:id`), null included ("not caused by a deployment"); undefined when none. */
  readonly manualDeploymentId?: string | null | undefined;
}

export interface AttributionSettings {
  readonly incidentWindowHours: number;
  /** `{"<PagerDuty service id>": "<repository>"}`. */
  readonly pagerdutyServices: Readonly<Record<string, string>>;
}

/**
 * The production deployment an incident is put down to, at most one (CONTRACT.md, "Incidents"):
 * 1. a person's link wins, null included;
 * 2. else, when the incident names a sha, the earliest successful production deployment of it,
 *    in the incident's environment when it names one;
 * 3. else (or when no such deployment is known) the latest successful production deployment that
 *    finished at or before the start and at most `incidentWindowHours` before it, in the
 *    incident's repository (a PagerDuty service's through `pagerdutyServices`) when it has one,
 *    else in any repository.
 * Repository and environment names are compared without regard to case; ties go to the smaller
 * deployment id, so the answer never depends on the order of `deployments`.
 */
export function attributeIncident(
  incident: AttributableIncident,
  deployments: readonly AttributionDeployment[],
  settings: AttributionSettings,
): IncidentAttribution {
  if (incident.manualDeploymentId !== undefined) {
    return { deploymentId: incident.manualDeploymentId, attribution: 'manual' };
  }
  const candidates = deployments.filter(isSuccessfulProduction);
  if (incident.sha !== null) {
    const sha = incident.sha.toLowerCase();
    const environment = incident.environment === null ? null : fold(incident.environment);
    const bySha = earliest(
      candidates.filter(
        (d) => d.sha?.toLowerCase() === sha && (environment === null || fold(d.environment) === environment),
      ),
    );
    if (bySha !== undefined) return { deploymentId: bySha.id, attribution: 'sha' };
  }
  const repository = incident.repository ?? mappedRepository(incident.serviceId, settings.pagerdutyServices);
  const from = incident.startedAt - settings.incidentWindowHours * 3_600_000;
  const inWindow = latest(
    candidates.filter(
      (d) =>
        d.finishedAt <= incident.startedAt &&
        d.finishedAt >= from &&
        (repository === null || (d.repository !== null && fold(d.repository) === fold(repository))),
    ),
  );
  return inWindow === undefined
    ? { deploymentId: null, attribution: null }
    : { deploymentId: inWindow.id, attribution: 'window' };
}

type Finished = AttributionDeployment & { readonly finishedAt: number };

function isSuccessfulProduction(deployment: AttributionDeployment): deployment is Finished {
  return deployment.production && deployment.status === 'success' && deployment.finishedAt !== null;
}

function mappedRepository(serviceId: string | null, services: Readonly<Record<string, string>>): string | null {
  if (serviceId === null || !Object.hasOwn(services, serviceId)) return null;
  return services[serviceId] ?? null;
}

function earliest(deployments: readonly Finished[]): Finished | undefined {
  return deployments.reduce<Finished | undefined>(
    (best, d) =>
      best === undefined || d.finishedAt < best.finishedAt || (d.finishedAt === best.finishedAt && d.id < best.id)
        ? d
        : best,
    undefined,
  );
}

function latest(deployments: readonly Finished[]): Finished | undefined {
  return deployments.reduce<Finished | undefined>(
    (best, d) =>
      best === undefined || d.finishedAt > best.finishedAt || (d.finishedAt === best.finishedAt && d.id < best.id)
        ? d
        : best,
    undefined,
  );
}

function fold(name: string): string {
  return name.trim().toLowerCase();
}
