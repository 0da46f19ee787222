import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { api } from '../api/client';
import type { RotatedSecret, Webhook } from '../api/types';
import { formatDateTime } from '../lib/format';
import { isIncidentProvider, providerName } from '../lib/providers';
import { Link } from '../lib/router';
import { ErrorNotice } from './Status';
import { ValueField } from './ValueField';

interface WebhookRowProps {
  webhook: Webhook;
  projectId: string;
  onChange: (webhook: Webhook) => void;
  onRevoke: (webhook: Webhook) => void;
  /** A new secret, so that the setup steps still on screen show it. */
  onRotated?: (webhookId: string, secret: string) => void;
}

function RenameForm({ webhook, onDone }: { webhook: Webhook; onDone: (renamed: Webhook | null) => void }) {
  const [name, setName] = useState(webhook.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!name.trim()) {
      setError(new Error('Enter a name for the webhook.'));
      return;
    }
    if (name.trim() === webhook.name) {
      onDone(null);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      onDone(await api.renameWebhook(webhook.id, name.trim()));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onDone(null);
    }
  };

  return (
    <form className="rename" onSubmit={save} noValidate>
      <label htmlFor={id} className="visually-hidden">
        Webhook name
      </label>
      <input
        ref={inputRef}
        id={id}
        className="input"
        value={name}
        maxLength={100}
        disabled={busy}
        onChange={(event) => setName(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="icon-button" aria-label="Save name" disabled={busy}>
        <span aria-hidden="true">✓</span>
      </button>
      <button type="button" className="icon-button" aria-label="Cancel rename" onClick={() => onDone(null)}>
        <span aria-hidden="true">✕</span>
      </button>
      <ErrorNotice error={error} />
    </form>
  );
}

/** One webhook: its state, and rename, show secret, rotate secret, deliveries and revoke. */
export function WebhookRow({ webhook, projectId, onChange, onRevoke, onRotated }: WebhookRowProps) {
  const [renaming, setRenaming] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [rotated, setRotated] = useState<RotatedSecret | null>(null);
  const [busy, setBusy] = useState<'secret' | 'rotate' | null>(null);
  const [replacement, setReplacement] = useState('');
  const providerMakesSecret = isIncidentProvider(webhook.provider);
  const [error, setError] = useState<unknown>();
  const pencilRef = useRef<HTMLButtonElement>(null);
  const wasRenaming = useRef(false);

  // Back from renaming (saved or cancelled): focus returns to the pencil.
  useEffect(() => {
    if (wasRenaming.current && !renaming) pencilRef.current?.focus();
    wasRenaming.current = renaming;
  }, [renaming]);
  const titleId = useId();
  const revoked = webhook.revokedAt !== null;
  const graceEnds = rotated?.previousSecretExpiresAt ?? webhook.previousSecretExpiresAt;
  const inGrace = graceEnds !== null && Date.parse(graceEnds) > Date.now();

  const showSecret = async () => {
    if (secret !== null) {
      setSecret(null);
      return;
    }
    setBusy('secret');
    setError(undefined);
    try {
      setSecret(await api.getWebhookSecret(webhook.id));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const rotate = async () => {
    // PagerDuty and incident.io make the secret: the new one is pasted, not made here.
    const pasted = providerMakesSecret ? replacement.trim() : undefined;
    if (pasted === '') return;
    setBusy('rotate');
    setError(undefined);
    try {
      const answer = await api.rotateWebhookSecret(webhook.id, undefined, pasted);
      setReplacement('');
      setRotated(answer);
      setSecret(null);
      onChange({ ...webhook, previousSecretExpiresAt: answer.previousSecretExpiresAt });
      onRotated?.(webhook.id, answer.secret);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const deliveries = `/projects/${encodeURIComponent(projectId)}/settings/integrations/webhooks/${encodeURIComponent(webhook.id)}`;
  return (
    <li
      className={revoked ? 'card webhook webhook-revoked' : 'card webhook'}
      data-testid="webhook-row"
      data-webhook-id={webhook.id}
    >
      <div className="webhook-head">
        {renaming ? (
          <RenameForm
            webhook={webhook}
            onDone={(renamed) => {
              setRenaming(false);
              if (renamed) onChange(renamed);
            }}
          />
        ) : (
          <div className="webhook-title">
            <h4 id={titleId} className="webhook-name">
              {webhook.name}
            </h4>
            {revoked ? null : (
              <button
                ref={pencilRef}
                type="button"
                className="icon-button"
                aria-label="Rename"
                title="Rename"
                onClick={() => setRenaming(true)}
              >
                <span aria-hidden="true">✎</span>
              </button>
            )}
          </div>
        )}
        <span className={`provider provider-${webhook.provider}`}>{providerName(webhook.provider)}</span>
      </div>
      <dl className="facts">
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(webhook.createdAt)}</dd>
        </div>
        <div>
          <dt>Last delivery</dt>
          <dd>
            {webhook.lastDeliveryAt ? (
              <>
                {formatDateTime(webhook.lastDeliveryAt)}{' '}
                {webhook.lastDeliveryOutcome ? (
                  <span className={`outcome outcome-${webhook.lastDeliveryOutcome}`}>
                    {webhook.lastDeliveryOutcome}
                  </span>
                ) : null}
              </>
            ) : (
              'none yet'
            )}
          </dd>
        </div>
        <div>
          <dt>Verified</dt>
          <dd data-testid="webhook-verified">
            {webhook.verifiedAt ? `Verified ${formatDateTime(webhook.verifiedAt)}` : 'Not verified yet'}
          </dd>
        </div>
        {revoked ? (
          <div>
            <dt>Revoked</dt>
            <dd>{formatDateTime(webhook.revokedAt)}</dd>
          </div>
        ) : null}
        {!revoked && inGrace ? (
          <div>
            <dt>Old secret</dt>
            <dd>accepted until {formatDateTime(graceEnds)}</dd>
          </div>
        ) : null}
      </dl>
      <div className="actions">
        <Link to={deliveries} className="button button-small">
          Deliveries
        </Link>
        {revoked ? null : (
          <>
            <button
              type="button"
              className="button button-small"
              onClick={showSecret}
              aria-expanded={secret !== null}
              disabled={busy !== null}
            >
              {busy === 'secret' ? 'Loading…' : secret !== null ? 'Hide secret' : 'Show secret'}
            </button>
            {providerMakesSecret ? (
              <span className="field field-inline">
                <label htmlFor={`replace-${webhook.id}`}>New secret from {providerName(webhook.provider)}</label>
                <input
                  id={`replace-${webhook.id}`}
                  className="input input-small"
                  value={replacement}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(event) => setReplacement(event.target.value)}
                />
              </span>
            ) : null}
            <button
              type="button"
              className="button button-small"
              onClick={rotate}
              disabled={busy !== null || (providerMakesSecret && replacement.trim() === '')}
            >
              {busy === 'rotate' ? 'Rotating…' : providerMakesSecret ? 'Replace secret' : 'Rotate secret'}
            </button>
            <button
              type="button"
              className="button button-small button-danger-outline"
              aria-label="Revoke"
              aria-describedby={renaming ? undefined : titleId}
              onClick={() => onRevoke(webhook)}
            >
              Revoke
            </button>
          </>
        )}
      </div>
      <ErrorNotice error={error} />
      {secret !== null ? (
        <ValueField label="Current secret" value={secret} copyLabel="Copy secret" testId="webhook-current-secret" />
      ) : null}
      {rotated ? (
        <div className="rotated" data-testid="webhook-rotated">
          <ValueField
            label="New secret"
            value={rotated.secret}
            copyLabel="Copy new secret"
            testId="webhook-new-secret"
          />
          <p data-testid="webhook-grace">
            The old secret is still accepted until{' '}
            <time dateTime={rotated.previousSecretExpiresAt ?? undefined}>
              {formatDateTime(rotated.previousSecretExpiresAt)}
            </time>
            : put the new one in {providerName(webhook.provider)} before then.
          </p>
        </div>
      ) : null}
    </li>
  );
}
