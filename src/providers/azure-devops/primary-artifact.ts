import { asCommitSha } from '../shared/commit-sha.js';
import { asObject, asText } from '../shared/json-values.js';

export interface ArtifactSource {
  readonly project: string | undefined;
  readonly repository: string | undefined;
  readonly sha: string | null;
  readonly ref: string | null;
}

const SOURCE_TYPES = new Set(['build', 'git']);

/**
 * The source of a release: its primary artifact when that is a Build or Git artifact, else the
 * first Build or Git artifact; undefined when it has none (containers, packages...).
 * `definitionReference` is a map of `{id, name}` pairs whose keys the documentation writes in
 * either case (`Project`, `project`), so keys are matched without regard to case. A Build
 * artifact names its repository in `repository` and its commit in `sourceVersion`; a Git
 * (Azure Repos) artifact names its repository in `definition`.
 * Source: azure-devops-node-api interfaces/ReleaseInterfaces.d.ts (Artifact, ArtifactSourceReference);
 * MicrosoftDocs/azure-devops-docs docs/service-hooks/events.md (sample `definitionReference`).
 */
export function primaryArtifact(artifacts: unknown): ArtifactSource | undefined {
  if (!Array.isArray(artifacts)) return undefined;
  const sources = artifacts
    .map((artifact) => asObject(artifact))
    .filter((artifact) => artifact !== undefined && SOURCE_TYPES.has(artifactType(artifact)));
  const chosen = sources.find((artifact) => artifact?.isPrimary === true) ?? sources[0];
  if (chosen === undefined) return undefined;
  const reference = asObject(chosen.definitionReference) ?? {};
  const isGit = artifactType(chosen) === 'git';
  const field = (key: string, part: 'id' | 'name') => asText(asObject(lookup(reference, key))?.[part]);
  return {
    project: field('project', 'name'),
    repository: field('repository', 'name') ?? (isGit ? field('definition', 'name') : undefined),
    sha: asCommitSha(field('sourceVersion', 'id') ?? (isGit ? field('version', 'id') : undefined)) ?? null,
    ref: field('branch', 'id') ?? field('branches', 'id') ?? null,
  };
}

/** The artifact's `type` in lower case (`build`, `git`, `azurecontainerrepository`...), '' when it is not a string. */
function artifactType(artifact: Record<string, unknown>): string {
  return typeof artifact.type === 'string' ? artifact.type.toLowerCase() : '';
}

function lookup(reference: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(reference, key)) return reference[key];
  const lower = key.toLowerCase();
  const match = Object.keys(reference).find((candidate) => candidate.toLowerCase() === lower);
  return match === undefined ? undefined : reference[match];
}
