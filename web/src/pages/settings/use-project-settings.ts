import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { settingsApi } from '../../api/client';
import type { ProjectSettings } from '../../api/types';
import { type AsyncState, useApiQuery } from '../../lib/api-query';
import { fieldOfError, type SettingsField } from '../../lib/settings-fields';

export interface SettingsEditor {
  state: AsyncState<ProjectSettings>;
  reload: () => void;
  /** Replaces the settings with `current` changed by `change` (a PUT replaces them whole). */
  save: (change: (current: ProjectSettings) => ProjectSettings) => Promise<boolean>;
  saving: boolean;
  /** The last save's error, and the field it names (null: shown above the form's buttons). */
  error: unknown;
  errorField: SettingsField | null;
  saved: string;
}

/**
 * A project's settings for one settings tab: read once and shared by the tabs; saving replaces them whole, then
 * everything read from the project's history (figures, deployments' verdicts, incidents' attribution) is read
 * again, because a setting applies to all history at once.
 */
export function useProjectSettings(projectId: string): SettingsEditor {
  const queryClient = useQueryClient();
  const { state, reload, setData } = useApiQuery(['settings', projectId], (signal) =>
    settingsApi.get(projectId, signal),
  );
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState('');

  const save = async (change: (current: ProjectSettings) => ProjectSettings): Promise<boolean> => {
    const current = state.data;
    if (!current || saving) return false;
    setSaving(true);
    setError(undefined);
    setSaved('');
    try {
      const answer = await settingsApi.put(projectId, change(current));
      setData(() => answer);
      for (const key of ['metrics', 'deployments', 'incidents']) {
        void queryClient.invalidateQueries({ queryKey: [key, projectId] });
      }
      void queryClient.invalidateQueries({ queryKey: ['deployment'] });
      setSaved('Saved. The figures follow at once, past deployments and incidents included.');
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    } finally {
      setSaving(false);
    }
  };

  return { state, reload, save, saving, error, errorField: fieldOfError(error), saved };
}
