import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import type { NewWebhook, Project, ProviderId, RevokeResult, Webhook } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { MenuButton } from '../../components/MenuButton';
import { NewWebhookPanel } from '../../components/NewWebhookPanel';
import { PublicUrlWarning } from '../../components/PublicUrlWarning';
import { ErrorNotice, Loading } from '../../components/Status';
import { WebhookRow } from '../../components/WebhookRow';
import { useApiQuery } from '../../lib/api-query';
import { plural } from '../../lib/format';
import { PROVIDER_NAMES, PROVIDERS } from '../../lib/providers';
import { useAccess } from '../../lib/use-access';
import { IncidentsSection } from './IncidentsSection';

const MENU = PROVIDERS.map((id) => ({ id, label: PROVIDER_NAMES[id] }));

/** What every revoke reports, even at 0; the kinds version 2 added (pull requests, incidents) show only when some went. */
const ALWAYS_SHOWN = new Set(['deployments', 'statusEvents', 'pushes', 'commits', 'deliveries']);

function deletedText(result: RevokeResult): string {
  const shown = Object.entries(result.deleted).filter(([kind, count]) => ALWAYS_SHOWN.has(kind) || count > 0);
  const parts = shown.map(([kind, count]) => {
    const words = kind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    return `${count} ${count === 1 ? words.replace(/ies$/, 'y').replace(/s$/, '') : words}`;
  });
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

/** The Integrations tab: the Deployment section, where webhooks are made, listed, rotated and revoked. */
export function IntegrationsTab({ project }: { project: Project }) {
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const list = useApiQuery(['webhooks', project.id, includeRevoked], (signal) =>
    api.listWebhooks(project.id, includeRevoked, signal),
  );
  const [name, setName] = useState('');
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>();
  const [created, setCreated] = useState<NewWebhook | null>(null);
  const [revoking, setRevoking] = useState<Webhook | null>(null);
  const [revokeBusy, setRevokeBusy] = useState(false);
  const [revokeError, setRevokeError] = useState<unknown>();
  const [revoked, setRevoked] = useState<{ name: string; result: RevokeResult } | null>(null);
  // The card to focus when the new webhook's panel closes ("Done"): focus would otherwise fall to the page.
  const [focusId, setFocusId] = useState<string | null>(null);
  const { setData, reload } = list;
  const { canWrite } = useAccess();
  const resultRef = useRef<HTMLDivElement>(null);

  // After a revoke, the row (and its button) may go: move focus to what happened instead.
  useEffect(() => {
    if (revoked) resultRef.current?.focus();
  }, [revoked]);

  const generate = async (provider: ProviderId) => {
    if (creating) return;
    setCreating(true);
    setCreateError(undefined);
    try {
      const webhook = await api.createWebhook(project.id, name.trim() ? { provider, name: name.trim() } : { provider });
      setName('');
      setFocusId(null);
      setCreated(webhook);
      const { secret: _secret, ...listed } = webhook;
      setData((current) => [listed, ...(current ?? [])]);
    } catch (caught) {
      setCreateError(caught);
    } finally {
      setCreating(false);
    }
  };

  const replace = useCallback(
    (updated: Webhook) =>
      setData((current) => (current ?? []).map((w) => (w.id === updated.id ? { ...w, ...updated } : w))),
    [setData],
  );

  const confirmRevoke = async () => {
    if (!revoking) return;
    setRevokeBusy(true);
    setRevokeError(undefined);
    try {
      const result = await api.revokeWebhook(revoking.id);
      setRevoked({ name: revoking.name, result });
      if (created?.id === revoking.id) setCreated(null);
      setRevoking(null);
      reload();
    } catch (caught) {
      setRevokeError(caught);
    } finally {
      setRevokeBusy(false);
    }
  };

  const webhooks = list.state.data;
  const knownUrl = created?.url ?? webhooks?.find((w) => w.revokedAt === null)?.url ?? webhooks?.[0]?.url;
  const submitName = (event: FormEvent) => event.preventDefault();

  return (
    <>
      <section className="section" aria-labelledby="deployment-title">
        <h2 id="deployment-title">Deployment</h2>
        <p>
          A webhook receives deployment events (and pushes, for lead time) from GitHub, GitLab, Azure DevOps or any
          pipeline. A project may have any number of them.
        </p>
        <PublicUrlWarning url={knownUrl} />
        {canWrite ? (
          <form className="generate" onSubmit={submitName} aria-label="Generate a webhook">
            <div className="field">
              <label htmlFor="webhook-name">Name (optional)</label>
              <input
                id="webhook-name"
                className="input"
                value={name}
                maxLength={100}
                placeholder="e.g. GitHub deployments"
                onChange={(event) => setName(event.target.value)}
              />
            </div>
            <MenuButton
              label={creating ? 'Generating…' : 'Generate webhook'}
              items={MENU}
              onSelect={(id) => generate(id as ProviderId)}
            />
          </form>
        ) : null}
        <ErrorNotice error={createError} />
        {created ? (
          <NewWebhookPanel
            key={created.id}
            webhook={created}
            projectId={project.id}
            onVerified={replace}
            onUseGeneric={() => generate('generic')}
            onClose={() => {
              setFocusId(created.id);
              setCreated(null);
            }}
          />
        ) : null}

        <div className="list-head">
          <h3 id="webhooks-title">Webhooks</h3>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={includeRevoked}
              onChange={(event) => setIncludeRevoked(event.target.checked)}
            />
            Show revoked
          </label>
        </div>
        <div role="status">
          {revoked ? (
            <div ref={resultRef} className="notice notice-success" data-testid="revoke-result" tabIndex={-1}>
              <p>
                Revoked “{revoked.name}”. Deleted {deletedText(revoked.result)}.
              </p>
            </div>
          ) : null}
        </div>
        {list.state.status === 'loading' && !webhooks ? <Loading label="Loading webhooks…" /> : null}
        <ErrorNotice error={list.state.error} onRetry={reload} />
        {webhooks && webhooks.length === 0 ? (
          <p className="empty">No webhook yet: generate one above for your provider.</p>
        ) : null}
        {webhooks && webhooks.length > 0 ? (
          <ul className="webhook-list" aria-labelledby="webhooks-title">
            {webhooks.map((webhook) => (
              <WebhookRow
                key={webhook.id}
                webhook={webhook}
                projectId={project.id}
                onChange={replace}
                focusTitle={focusId === webhook.id}
                onRotated={(id, secret) => setCreated((c) => (c && c.id === id ? { ...c, secret } : c))}
                onRevoke={(w) => {
                  setRevokeError(undefined);
                  setRevoking(w);
                }}
              />
            ))}
          </ul>
        ) : null}

        <ConfirmDialog
          open={revoking !== null}
          title={`Revoke webhook “${revoking?.name ?? ''}”?`}
          confirmLabel="Yes, revoke"
          danger
          busy={revokeBusy}
          onConfirm={confirmRevoke}
          onCancel={() => setRevoking(null)}
        >
          <p>
            Its URL stops accepting deliveries, its secret is wiped, and the data that came only through this webhook
            (deployments, commits, pushes and deliveries) is deleted. Data another webhook of the project also delivered
            is kept.
          </p>
          <p>
            <strong>This cannot be undone.</strong>
          </p>
          <ErrorNotice error={revokeError} />
        </ConfirmDialog>
        <p className="hint">
          {webhooks ? plural(webhooks.filter((w) => w.revokedAt === null).length, 'active webhook') : null}
        </p>
      </section>
      <IncidentsSection
        project={project}
        canWrite={canWrite}
        onCreated={(webhook) => {
          const { secret: _secret, ...listed } = webhook;
          setData((current) => [listed, ...(current ?? [])]);
        }}
        onVerified={replace}
      />
    </>
  );
}
