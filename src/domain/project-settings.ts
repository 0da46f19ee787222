/**
 * A project's settings (CONTRACT.md version 2, "Project settings"). Each applies to all history at once.
 * `readProjectSettings` is the one reader of a settings body: what `PUT` takes and what is stored.
 */
export interface FailureDetectionSettings {
  readonly rollback: boolean;
  readonly revert: boolean;
  /** An empty list turns hotfix detection off. */
  readonly hotfixKeywords: string[];
  readonly incidents: boolean;
}

export interface ProjectSettings {
  readonly leadTimeExcludedAuthors: string[];
  readonly failureDetection: FailureDetectionSettings;
  readonly incidentLabels: string[];
  readonly incidentWindowHours: number;
  /** PagerDuty service id → repository. */
  readonly pagerdutyServices: Record<string, string>;
}

export const DEFAULT_PROJECT_SETTINGS: ProjectSettings = {
  leadTimeExcludedAuthors: ['*[bot]'],
  failureDetection: { rollback: true, revert: true, hotfixKeywords: ['hotfix'], incidents: true },
  incidentLabels: ['incident'],
  incidentWindowHours: 24,
  pagerdutyServices: {},
};

/** Bounds that keep one settings object small; each is named in the 400 that enforces it. */
export const SETTINGS_BOUNDS = { listItems: 100, textLength: 200, services: 1000, windowHours: 720 } as const;

export type SettingsReadResult =
  | { readonly ok: true; readonly settings: ProjectSettings }
  | { readonly ok: false; readonly field: string; readonly message: string };

class SettingsError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function textList(value: unknown, field: string, fallback: string[]): string[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value)) throw new SettingsError(field, `${field} must be a list of texts.`);
  if (value.length > SETTINGS_BOUNDS.listItems)
    throw new SettingsError(field, `${field} holds at most ${SETTINGS_BOUNDS.listItems} entries.`);
  const out: string[] = [];
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item.trim() === '')
      throw new SettingsError(`${field}[${i}]`, `${field}[${i}] must be a non-empty text.`);
    if ([...item].length > SETTINGS_BOUNDS.textLength)
      throw new SettingsError(`${field}[${i}]`, `${field}[${i}] is at most ${SETTINGS_BOUNDS.textLength} characters.`);
    if (!out.includes(item.trim())) out.push(item.trim());
  });
  return out;
}

function flag(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new SettingsError(field, `${field} must be true or false.`);
  return value;
}

function failureDetection(value: unknown): FailureDetectionSettings {
  const d = DEFAULT_PROJECT_SETTINGS.failureDetection;
  if (value === undefined) return d;
  if (!isObject(value)) throw new SettingsError('failureDetection', 'failureDetection must be an object.');
  return {
    rollback: flag(value.rollback, 'failureDetection.rollback', d.rollback),
    revert: flag(value.revert, 'failureDetection.revert', d.revert),
    hotfixKeywords: textList(value.hotfixKeywords, 'failureDetection.hotfixKeywords', d.hotfixKeywords),
    incidents: flag(value.incidents, 'failureDetection.incidents', d.incidents),
  };
}

function windowHours(value: unknown): number {
  if (value === undefined) return DEFAULT_PROJECT_SETTINGS.incidentWindowHours;
  const max = SETTINGS_BOUNDS.windowHours;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max)
    throw new SettingsError('incidentWindowHours', `incidentWindowHours must be a whole number from 0 to ${max}.`);
  return value;
}

function services(value: unknown): Record<string, string> {
  if (value === undefined) return DEFAULT_PROJECT_SETTINGS.pagerdutyServices;
  if (!isObject(value))
    throw new SettingsError('pagerdutyServices', 'pagerdutyServices must map PagerDuty service ids to repositories.');
  const entries = Object.entries(value);
  if (entries.length > SETTINGS_BOUNDS.services)
    throw new SettingsError(
      'pagerdutyServices',
      `pagerdutyServices holds at most ${SETTINGS_BOUNDS.services} services.`,
    );
  const out: Record<string, string> = {};
  for (const [service, repository] of entries) {
    const field = `pagerdutyServices.${service}`;
    if (service.trim() === '')
      throw new SettingsError('pagerdutyServices', 'a PagerDuty service id must not be empty.');
    if (typeof repository !== 'string' || repository.trim() === '')
      throw new SettingsError(field, `${field} must name a repository, such as acme/checkout.`);
    if ([...repository].length > SETTINGS_BOUNDS.textLength)
      throw new SettingsError(field, `${field} is at most ${SETTINGS_BOUNDS.textLength} characters.`);
    out[service.trim()] = repository.trim();
  }
  return out;
}

/**
 * Reads a settings body: every key optional (a missing one takes its default, so a PUT of `{}` restores the
 * defaults), unknown keys ignored, the first bad field named.
 */
export function readProjectSettings(body: unknown): SettingsReadResult {
  if (!isObject(body)) return { ok: false, field: 'body', message: 'The settings must be a JSON object.' };
  try {
    return {
      ok: true,
      settings: {
        leadTimeExcludedAuthors: textList(
          body.leadTimeExcludedAuthors,
          'leadTimeExcludedAuthors',
          DEFAULT_PROJECT_SETTINGS.leadTimeExcludedAuthors,
        ),
        failureDetection: failureDetection(body.failureDetection),
        incidentLabels: textList(body.incidentLabels, 'incidentLabels', DEFAULT_PROJECT_SETTINGS.incidentLabels),
        incidentWindowHours: windowHours(body.incidentWindowHours),
        pagerdutyServices: services(body.pagerdutyServices),
      },
    };
  } catch (error) {
    if (error instanceof SettingsError) return { ok: false, field: error.field, message: error.message };
    throw error;
  }
}
