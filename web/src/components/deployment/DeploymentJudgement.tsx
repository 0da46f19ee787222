import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { drillApi } from '../../api/drill';
import type { Deployment } from '../../api/types';
import { useApiQuery } from '../../lib/api-query';
import { ErrorNotice } from '../Status';

type Choice = 'auto' | 'true' | 'false';

const toChoice = (mark: boolean | null): Choice => (mark === null ? 'auto' : mark ? 'true' : 'false');
const fromChoice = (choice: string): boolean | null => (choice === 'auto' ? null : choice === 'true');

interface Props {
  deployment: Deployment;
  onChanged: (deployment: Deployment) => void;
}

/**
 * A person's overrides of a deployment (`PATCH /api/deployments/:id`): whether it is a failed change, and whether
 * it is rework, each back to automatic with "By the rules". Only a maintainer or an admin sees the controls; a
 * viewer reads the marks. The figures are read again after a change (their queries are invalidated). The selects
 * are never disabled while a mark is saved: a disabled control drops the keyboard focus.
 */
export function DeploymentJudgement({ deployment, onChanged }: Props) {
  const queryClient = useQueryClient();
  const me = useApiQuery(['me'], (signal) => drillApi.me(signal));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState('');
  const finished = deployment.status === 'success' || deployment.status === 'failure';
  const canWrite = me.state.data !== undefined && me.state.data.role !== 'viewer';

  const mark = async (marks: { changeFailure?: boolean | null; rework?: boolean | null }, what: string) => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    setSaved('');
    try {
      const updated = await drillApi.markDeployment(deployment.id, marks);
      onChanged(updated);
      setSaved(`${what} saved. The figures follow at once.`);
      void queryClient.invalidateQueries({ queryKey: ['metrics'] });
      void queryClient.invalidateQueries({ queryKey: ['deployments'] });
      void queryClient.invalidateQueries({ queryKey: ['streaks'] });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-labelledby="judgement-title">
      <h2 id="judgement-title">A person's judgement</h2>
      <p>
        Failed change:{' '}
        <strong>
          {deployment.changeFailure === null ? 'by the rules' : deployment.changeFailure ? 'marked yes' : 'marked no'}
        </strong>
        . Rework:{' '}
        <strong>
          {deployment.reworkOverride === null ? 'by the rules' : deployment.reworkOverride ? 'marked yes' : 'marked no'}
        </strong>
        .
      </p>
      {!finished ? <p className="hint">Only a successful or failed deployment can be judged.</p> : null}
      {finished && me.state.data?.role === 'viewer' ? (
        <p className="hint">A maintainer or an admin can change these marks.</p>
      ) : null}
      {finished && canWrite ? (
        <div className="judgement-fields">
          <div className="field">
            <label htmlFor="judge-change-failure">Failed change?</label>
            <select
              id="judge-change-failure"
              className="input"
              value={toChoice(deployment.changeFailure)}
              aria-busy={busy}
              onChange={(event) => mark({ changeFailure: fromChoice(event.target.value) }, 'The failed change mark')}
            >
              <option value="auto">
                By the rules ({deployment.failureCauses.length > 0 ? 'failed' : 'not failed'})
              </option>
              <option value="true">Failed change</option>
              <option value="false">Not a failed change</option>
            </select>
          </div>
          {deployment.status === 'success' ? (
            <div className="field">
              <label htmlFor="judge-rework">Rework?</label>
              <select
                id="judge-rework"
                className="input"
                value={toChoice(deployment.reworkOverride)}
                aria-busy={busy}
                onChange={(event) => mark({ rework: fromChoice(event.target.value) }, 'The rework mark')}
              >
                <option value="auto">By the rules</option>
                <option value="true">Rework</option>
                <option value="false">Not rework</option>
              </select>
            </div>
          ) : null}
        </div>
      ) : null}
      <p role="status" className="live" data-testid="judgement-status">
        {saved}
      </p>
      <ErrorNotice error={error} />
    </section>
  );
}
