import type { Project } from '../api/types';
import { Link } from '../lib/router';
import { useTitle } from '../lib/use-title';
import { EnvironmentsTab } from './settings/EnvironmentsTab';
import { GeneralTab } from './settings/GeneralTab';
import { IntegrationsTab } from './settings/IntegrationsTab';

export type SettingsTab = 'general' | 'integrations' | 'environments';

const TABS: readonly { id: SettingsTab; label: string; path: string }[] = [
  { id: 'general', label: 'General', path: '' },
  { id: 'integrations', label: 'Integrations', path: '/integrations' },
  { id: 'environments', label: 'Environments', path: '/environments' },
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
      </div>
    </>
  );
}
