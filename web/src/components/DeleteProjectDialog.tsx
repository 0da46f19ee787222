import { useState } from 'react';
import { api } from '../api/client';
import type { Project } from '../api/types';
import { ConfirmDialog } from './ConfirmDialog';
import { ErrorNotice } from './Status';

interface DeleteProjectDialogProps {
  project: Project | null;
  onCancel: () => void;
  onDeleted: (project: Project) => void;
}

/** Asks before deleting a project, naming it and everything that goes with it. */
export function DeleteProjectDialog({ project, onCancel, onDeleted }: DeleteProjectDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const close = () => {
    setError(undefined);
    onCancel();
  };
  const confirm = async () => {
    if (!project) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.deleteProject(project.id);
      onDeleted(project);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <ConfirmDialog
      open={project !== null}
      title={`Delete project “${project?.name ?? ''}”?`}
      confirmLabel="Yes, delete project"
      danger
      busy={busy}
      onConfirm={confirm}
      onCancel={close}
    >
      <p>
        This deletes the project <strong>{project?.name}</strong> and all its data: every deployment, commit, push,
        webhook delivery and environment setting. Its webhooks are revoked, so their URLs stop accepting deliveries.
      </p>
      <p>This cannot be undone.</p>
      <ErrorNotice error={error} />
    </ConfirmDialog>
  );
}
