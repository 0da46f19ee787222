import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import type { NewWebhook, Webhook } from '../api/types';
import { formatDateTime } from '../lib/format';
import { isProviderId, providerName } from '../lib/providers';
import { Link } from '../lib/router';
import { SetupSteps } from './setup/SetupSteps';
import { ValueField } from './ValueField';

const POLL_MS = 5000;
const POLL_FOR_MS = 15 * 60 * 1000;

interface NewWebhookPanelProps {
  webhook: NewWebhook;
  projectId: string;
  onVerified: (webhook: Webhook) => void;
  onUseGeneric: () => void;
  onClose: () => void;
}

/** A webhook just made: its URL and secret to copy, the provider's setup steps, and the wait for its first delivery. */
export function NewWebhookPanel({ webhook, projectId, onVerified, onUseGeneric, onClose }: NewWebhookPanelProps) {
  const [verifiedAt, setVerifiedAt] = useState(webhook.verifiedAt);
  const provider = providerName(webhook.provider);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // A new webhook takes the focus, so keyboard and screen-reader users land on its URL and steps.
  // The panel is keyed by the webhook's id, so this runs once per new webhook.
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  useEffect(() => {
    if (verifiedAt) return;
    const started = Date.now();
    let stopped = false;
    const timer = window.setInterval(async () => {
      if (Date.now() - started > POLL_FOR_MS) {
        window.clearInterval(timer);
        return;
      }
      try {
        const latest = await api.getWebhook(webhook.id);
        if (!stopped && latest.verifiedAt) {
          window.clearInterval(timer);
          setVerifiedAt(latest.verifiedAt);
          onVerified(latest);
        }
      } catch {
        // Polling is a courtesy: the list shows the state too.
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [webhook.id, verifiedAt, onVerified]);

  const settings = `/projects/${encodeURIComponent(projectId)}/settings/environments`;
  return (
    <section className="card new-webhook" aria-labelledby="new-webhook-title" data-testid="new-webhook">
      <div className="card-head">
        <h3 id="new-webhook-title" ref={headingRef} tabIndex={-1}>
          New {provider} webhook: {webhook.name}
        </h3>
        <button type="button" className="button button-small" onClick={onClose}>
          Done
        </button>
      </div>
      <p>
        Copy the secret now or later with <em>Show secret</em>. Anyone with the URL and the secret can send deployments
        to this project.
      </p>
      <ValueField label="Webhook URL" value={webhook.url} copyLabel="Copy URL" testId="webhook-url" />
      <ValueField label="Secret" value={webhook.secret} copyLabel="Copy secret" testId="webhook-secret" />
      <h4>{webhook.provider === 'generic' ? 'Send deployments from your CI' : `Set it up in ${provider}`}</h4>
      {isProviderId(webhook.provider) ? (
        <SetupSteps provider={webhook.provider} url={webhook.url} secret={webhook.secret} onUseGeneric={onUseGeneric} />
      ) : null}
      <p className={verifiedAt ? 'verify verify-ok' : 'verify'} role="status" data-testid="new-webhook-verification">
        {verifiedAt
          ? `Verified: the first delivery passed verification at ${formatDateTime(verifiedAt)}.`
          : webhook.provider === 'github'
            ? 'Not verified yet: waiting for the ping GitHub sends when you add the webhook.'
            : 'Not verified yet: waiting for the first delivery.'}
      </p>
      <p>
        <strong>Next:</strong> <Link to={settings}>set up the deployment environments</Link>: say which environments are
        production.
      </p>
    </section>
  );
}
