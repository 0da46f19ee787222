import { isTerminal, type NormalizedEvent } from '../../domain/index.js';
import { asId, asObject, asText, describeValue } from '../shared/json-values.js';
import { parseAzureTime } from '../shared/parse-azure-time.js';
import { ignored } from '../shared/read-result.js';
import { azureOrganization } from './azure-organization.js';
import { mapDeploymentStatus } from './map-deployment-status.js';
import { primaryArtifact } from './primary-artifact.js';

/**
 * `ms.vss-release.deployment-completed-event` (resource version 3.0-preview.1): a classic
 * release's deployment to one stage. Status from `resource.deployment.deploymentStatus`, time
 * from `completedOn`, id from `resource.deployment.id`, instance = the collection id.
 * Source: MicrosoftDocs/azure-devops-docs docs/service-hooks/events.md, "Release deployment completed";
 * azure-devops-node-api interfaces/ReleaseInterfaces.d.ts (DeploymentCompletedEvent, Deployment).
 */
export function normalizeDeploymentCompleted(payload: Record<string, unknown>): NormalizedEvent {
  const resource = asObject(payload.resource);
  if (resource === undefined) {
    return ignored(
      'release event without resource: the subscription sends no resource details; set "Resource details to send" to All',
    );
  }
  const deployment = asObject(resource.deployment);
  if (deployment === undefined) {
    return ignored(
      'release event without resource.deployment: this is the sample data the subscription\'s Test button sends, or "Resource details to send" is not All (set it to All)',
    );
  }
  const id = asId(deployment.id);
  if (id === undefined) return ignored(`resource.deployment.id must be an id, got ${describeValue(deployment.id)}`);
  const state = asText(deployment.deploymentStatus);
  const status = state === undefined ? undefined : mapDeploymentStatus(state);
  if (state === undefined || status === undefined) {
    return ignored(
      `resource.deployment.deploymentStatus ${describeValue(deployment.deploymentStatus)} is not a deployment result Shipwatch counts (it uses succeeded, failed, partiallySucceeded, notDeployed and inProgress)`,
    );
  }
  const completedOn = asText(deployment.completedOn);
  const startedAt = readTime(deployment.startedOn);
  const at = isTerminal(status) ? readTime(completedOn) : (startedAt ?? readTime(completedOn));
  if (at === null) {
    return ignored(
      `resource.deployment.completedOn must be the time the deployment ended, got ${describeValue(deployment.completedOn)}`,
    );
  }
  const instance = asText(asObject(asObject(payload.resourceContainers)?.collection)?.id);
  if (instance === undefined)
    return ignored('resourceContainers.collection.id is missing: it identifies the Azure DevOps collection');
  const stage = asObject(resource.environment);
  const environment = asText(stage?.name) ?? asText(asObject(deployment.releaseEnvironment)?.name);
  if (environment === undefined) {
    return ignored(`resource.environment.name must name the stage, got ${describeValue(stage?.name)}`);
  }
  const release = asObject(deployment.release);
  const releaseLink = asText(asObject(asObject(release?._links)?.web)?.href) ?? asText(release?.webAccessUri);
  const stageReleaseLink = asText(asObject(asObject(asObject(stage?.release)?._links)?.web)?.href);
  const source = primaryArtifact(release?.artifacts);
  const project = source?.project ?? asText(asObject(resource.project)?.name);
  const organization = azureOrganization(payload, [releaseLink, stageReleaseLink, release?.url]);
  const repository =
    source?.repository !== undefined && project !== undefined && organization !== undefined
      ? `${organization}/${project}/${source.repository}`
      : null;
  return {
    kind: 'deployment',
    deployment: {
      providerDeploymentId: id,
      instance,
      repository,
      environment,
      productionHint: null,
      sha: source?.sha ?? null,
      ref: source?.ref ?? null,
      url: releaseLink ?? stageReleaseLink ?? null,
      commitUrl: null,
      startedAt,
      status: { status, at, key: `${state}:${completedOn ?? ''}`, providerState: state },
    },
  };
}

function readTime(value: unknown): number | null {
  return typeof value === 'string' ? parseAzureTime(value) : null;
}
