import type { ProviderId } from '../domain/index.js';

/** One repository of the demo, fed by one provider, with its own pace (a team's habits). */
export interface DemoRepository {
  readonly provider: Exclude<ProviderId, 'generic' | 'pagerduty' | 'incident-io'>;
  /** The name Shipwatch shows, as the provider's payloads make it. */
  readonly name: string;
  /** Pushes to main on a weekday: at least, at most. Weekends: one push on some days. */
  readonly pushesPerWeekday: readonly [number, number];
  readonly weekendPushChance: number;
  /** Production deployment slots, in UTC hours of the day, by ISO weekday (1 = Monday). */
  readonly productionSlots: Readonly<Record<number, readonly number[]>>;
  readonly failureChance: number;
  readonly messages: readonly string[];
  readonly fixes: readonly string[];
}

export const DEMO_REPOSITORIES: readonly DemoRepository[] = [
  {
    provider: 'github',
    name: 'acme/checkout-web',
    pushesPerWeekday: [2, 5],
    weekendPushChance: 0.15,
    productionSlots: { 1: [11.5, 15.5], 2: [11.5, 15.5], 3: [11.5, 15.5], 4: [11.5, 15.5], 5: [11.5] },
    failureChance: 0.05,
    messages: [
      'feat(cart): show the delivery estimate on the basket page',
      'fix(checkout): keep the promo code after a declined card',
      'chore(deps): bump react-dom from 19.0.0 to 19.0.1',
      'refactor(payment-form): split card and wallet fields',
      'style(summary): align the order summary on small screens',
      'test(cart): cover the quantity limits',
      'perf(images): lazy-load product thumbnails',
      'fix(a11y): label the quantity stepper for screen readers',
      'feat(i18n): add Dutch translations to the checkout',
      'feat(address): autocomplete street names',
      'fix(totals): show VAT on the confirmation page',
      'chore: remove the old saved-cards banner',
      'feat(wallet): offer Apple Pay on Safari',
      'fix(analytics): send the purchase event once',
      'refactor(api-client): retry idempotent GETs',
      'docs: describe the checkout feature flags',
    ],
    fixes: [
      'fix(checkout): restore the pay button on Firefox',
      'revert: "feat(address): autocomplete street names"',
      'fix(cart): guard against an empty basket on reload',
    ],
  },
  {
    provider: 'gitlab',
    name: 'acme/payments-api',
    pushesPerWeekday: [1, 3],
    weekendPushChance: 0.08,
    productionSlots: { 1: [9.5], 2: [9.5], 3: [9.5], 4: [9.5] },
    failureChance: 0.1,
    messages: [
      'feat(payments): support the 3-D Secure 2 challenge flow',
      'fix(refunds): round partial refunds to the cent',
      'feat(api): idempotency keys on POST /payments',
      'chore: upgrade to Node.js 20.19',
      'fix(webhooks): retry provider events on 5xx',
      'perf(db): index payments by merchant and creation time',
      'feat(payouts): schedule weekly payouts per merchant',
      'fix(currency): use banker rounding for JPY amounts',
      'refactor(ledger): one entry per capture',
      'test(refunds): property tests for partial refunds',
      'chore(ci): cache the dependencies between jobs',
      'feat(fraud): block cards after five declines in an hour',
    ],
    fixes: [
      'fix(payments): handle a null issuer response',
      'revert: "refactor(ledger): one entry per capture"',
      'fix(db): add the missing migration for payout dates',
    ],
  },
  {
    provider: 'azure-devops',
    name: 'acme/Checkout/checkout-worker',
    pushesPerWeekday: [0, 2],
    weekendPushChance: 0.05,
    productionSlots: { 2: [14], 4: [14] },
    failureChance: 0.12,
    messages: [
      "feat(emails): send the order confirmation in the customer's language",
      'fix(queue): acknowledge messages only after the commit',
      'feat(inventory): release reservations after 30 minutes',
      'chore: move to .NET 8',
      'fix(invoices): number credit notes in their own series',
      'perf(export): stream the nightly order export',
      'feat(returns): create return labels with the carrier API',
      'refactor(jobs): one handler per message type',
    ],
    fixes: ['fix(queue): restore the dead-letter route', 'fix(emails): fall back to English for unknown locales'],
  },
];

export const DEMO_AUTHORS: readonly { name: string; email: string }[] = [
  { name: 'Amira Haddad', email: 'amira.haddad@acme.example' },
  { name: 'Jonas Weber', email: 'jonas.weber@acme.example' },
  { name: 'Lucía Fernández', email: 'lucia.fernandez@acme.example' },
  { name: 'Kwame Mensah', email: 'kwame.mensah@acme.example' },
  { name: 'Mei Tanaka', email: 'mei.tanaka@acme.example' },
  { name: 'Olivier Dubois', email: 'olivier.dubois@acme.example' },
];
