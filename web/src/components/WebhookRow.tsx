import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../api/client';
import type { RotatedSecret, Webhook } from '../api/types';
import { formatDateTime } from '../lib/format';
import { isIncidentProvider, providerName } from '../lib/providers';
import { Link } from '../lib/router';
import { useAccess } from '../lib/use-access';
import { RenameWebhookForm } from './RenameWebhookForm';
import { RotateSecretForm } from './RotateSecretForm';
import { ErrorNotice } from './Status';
import { ValueField } from './ValueField';

interface WebhookRowProps {
  webhook: Webhook;
  projectId: string;
  onChange: (webhook: Webhook) => void;
  onRevoke: (webhook: Webhook) => void;
  /** A new secret, so that the setup steps still on screen show it. */
  onRotated?: (webhookId: string, secret: string) => void;
  /** Move focus to this card's title (after the new webhook's panel closes). */
  focusTitle?: boolean;
}

/** One webhook: its state, and rename, show secret, rotate secret, deliveries and revoke. */
export function WebhookRow({ webhook, projectId, onChange, onRevoke, onRotated, focusTitle }: WebhookRowProps) {
  const [renaming, setRenaming] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [rotated, setRotated] = useState<RotatedSecret | null>(null);
  const [busy, setBusy] = useState<'secret' | 'rotate' | null>(null);
  const [askingGrace, setAskingGrace] = useState(false);
  const rotateRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusTitle) headingRef.current?.focus();
  }, [focusTitle]);
  const [error, setError] = useState<unknown>();
  const pencilRef = useRef<HTMLButtonElement>(null);
  const wasRenaming = useRef(false);

  // Back from renaming (saved or cancelled): focus returns to the pencil.
  useEffect(() => {
    if (wasRenaming.current && !renaming) pencilRef.current?.focus();
    wasRenaming.current = renaming;
  }, [renaming]);
  const titleId = useId();
  const { canWrite } = useAccess();
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

  const closeGrace = () => {
    setAskingGrace(false);
    window.setTimeout(() => rotateRef.current?.focus(), 0);
  };
  const rotate = async (graceSeconds: number, pastedSecret?: string) => {
    setBusy('rotate');
    setError(undefined);
    try {
      const answer = await api.rotateWebhookSecret(webhook.id, graceSeconds, pastedSecret);
      setRotated(answer);
      closeGrace();
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
          <RenameWebhookForm
            webhook={webhook}
            onDone={(renamed) => {
              setRenaming(false);
              if (renamed) onChange(renamed);
            }}
          />
        ) : (
          <div className="webhook-title">
            <h4 id={titleId} className="webhook-name" ref={headingRef} tabIndex={-1}>
              {webhook.name}
            </h4>
            {revoked || !canWrite ? null : (
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
      {revoked ? null : (
        <ValueField
          label="Webhook URL"
          value={webhook.url}
          copyLabel="Copy URL"
          testId="webhook-card-url"
          hint={
            canWrite
              ? `Paste it into ${providerName(webhook.provider)} with the secret.`
              : `Where ${providerName(webhook.provider)} sends its events.`
          }
        />
      )}
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
        {revoked || !canWrite ? null : (
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
            <button
              ref={rotateRef}
              type="button"
              className="button button-small"
              onClick={() => setAskingGrace(true)}
              aria-expanded={askingGrace}
              disabled={busy !== null || askingGrace}
            >
              Rotate secret
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
      {askingGrace ? (
        <RotateSecretForm
          busy={busy === 'rotate'}
          pasteSecretFrom={isIncidentProvider(webhook.provider) ? providerName(webhook.provider) : undefined}
          onRotate={rotate}
          onCancel={closeGrace}
        />
      ) : null}
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
          {rotated.previousSecretExpiresAt === null ? (
            <p data-testid="webhook-grace">
              The old secret no longer works: put the new one in {providerName(webhook.provider)} now.
            </p>
          ) : (
            <p data-testid="webhook-grace">
              The old secret is still accepted until{' '}
              <time dateTime={rotated.previousSecretExpiresAt}>{formatDateTime(rotated.previousSecretExpiresAt)}</time>:
              put the new one in {providerName(webhook.provider)} before then.
            </p>
          )}
        </div>
      ) : null}
    </li>
  );
}
