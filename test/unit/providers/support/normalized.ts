import type { DeploymentEvent, NormalizedEvent, PushEvent } from '../../../../src/domain/index.js';

/** The deployment of a normalized event, failing the test for any other kind. */
export function deploymentOf(event: NormalizedEvent): DeploymentEvent {
  if (event.kind !== 'deployment') throw new Error(`expected a deployment, got ${JSON.stringify(event)}`);
  return event.deployment;
}

/** The push of a normalized event, failing the test for any other kind. */
export function pushOf(event: NormalizedEvent): PushEvent {
  if (event.kind !== 'push') throw new Error(`expected a push, got ${JSON.stringify(event)}`);
  return event.push;
}

/** The reason of an ignored event, failing the test for any other kind. */
export function reasonOf(event: NormalizedEvent): string {
  if (event.kind !== 'ignored') throw new Error(`expected ignored, got ${JSON.stringify(event)}`);
  return event.reason;
}
