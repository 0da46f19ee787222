import type { Project } from '../api/types';
import { Link } from '../lib/router';
import { useTitle } from '../lib/use-title';
import { EnvironmentsTab } from './settings/EnvironmentsTab';
import { FailureDetectionTab } from './settings/FailureDetectionTab';
import { GeneralTab } from './settings/GeneralTab';
import { IncidentRulesTab } from './settings/IncidentRulesTab';
import { IntegrationsTab } from './settings/IntegrationsTab';
import { LeadTimeTab } from './settings/LeadTimeTab';

/** A tab's id is its address under /projects/:id/settings/ (General is the settings' own address). */
export const SETTINGS_TABS = [
  'general',
  'integrations',
  'environments',
  'failure-detection',
  'incident-attribution',
  'lead-time',
] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];

const TABS: readonly { id: SettingsTab; label: string; path: string }[] = [
  { id: 'general', label: 'General', path: '' },
  { id: 'integrations', label: 'Integrations', path: '/integrations' },
  { id: 'environments', label: 'Environments', path: '/environments' },
  { id: 'failure-detection', label: 'Failure detection', path: '/failure-detection' },
  { id: 'incident-attribution', label: 'Incident attribution', path: '/incident-attribution' },
  { id: 'lead-time', label: 'Lead time', path: '/lead-time' },
];

interface SettingsPageProps {
  project: Project;
  tab: SettingsTab;
  onProjectChange: (project: Project) => void;
}

/** Project settings; each tab has its own address, so the tabs are links. */
export function SettingsPage({ project, tab, onProjectChange }: SettingsPageProps) {
  const current = TABS.find((t) => t.id === tab) ?? TABS[0]!;
  useTitle(`${current.label} · ${project.name} settings`);
  const base = `/projects/${encodeURIComponent(project.id)}/settings`;
  return (
    <>
      <h1>{project.name}: settings</h1>
      <nav aria-label="Settings" className="tabs">
        {TABS.map((t) => (
          <Link key={t.id} to={`${base}${t.path}`} className="tab" aria-current={t.id === tab ? 'page' : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      <div className="tab-panel">
        {tab === 'general' ? <GeneralTab project={project} onProjectChange={onProjectChange} /> : null}
        {tab === 'integrations' ? <IntegrationsTab project={project} /> : null}
        {tab === 'environments' ? <EnvironmentsTab project={project} /> : null}
        {tab === 'failure-detection' ? <FailureDetectionTab project={project} /> : null}
        {tab === 'incident-attribution' ? <IncidentRulesTab project={project} /> : null}
        {tab === 'lead-time' ? <LeadTimeTab project={project} /> : null}
      </div>
    </>
  );
}
