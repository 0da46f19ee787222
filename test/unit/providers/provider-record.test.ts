import { describe, expect, it } from 'vitest';
import { providers } from '../../../src/providers/registry.js';

// The facts on each provider record (src/providers/provider.ts) agree with what its functions do.
describe.each(Object.values(providers))('the $id record', (provider) => {
  it('normalizes every event it lists as used, and calls another one not used', () => {
    for (const event of provider.eventsUsed) {
      const normalized = provider.normalize(event, {}, {});
      if (normalized.kind === 'ignored') expect(normalized.reason, event).not.toMatch(/is not used by Shipwatch/);
    }
    if (provider.headers.event !== null) {
      const other = provider.normalize('something_else', {}, {});
      expect(other.kind === 'ignored' && other.reason).toMatch(/is not used by Shipwatch/);
    }
  });

  it('gives the push body limit to its push-limit events only', () => {
    const { event } = provider.headers;
    if (provider.pushLimitEvents === 'every-request') {
      expect(provider.bodyLimitClass({})).toBe('push');
      return;
    }
    expect(provider.bodyLimitClass({})).toBe('default');
    if (event === null) return;
    for (const name of provider.pushLimitEvents) expect(provider.bodyLimitClass({ [event]: ` ${name} ` })).toBe('push');
    expect(provider.bodyLimitClass({ [event]: 'something_else' })).toBe('default');
  });

  it('takes the delivery key from its rule: the first non-blank header, else its fallback', () => {
    const rawBody = Buffer.from('{"id":"body-id"}');
    const payload = { id: 'body-id' };
    const [first, second] = provider.deliveryKeyRule.headers;
    if (first !== undefined) {
      expect(provider.deliveryKey({ headers: { [first]: ' k1 ' }, rawBody }, payload)).toBe('k1');
      if (second !== undefined) {
        expect(provider.deliveryKey({ headers: { [first]: ' ', [second]: 'k2' }, rawBody }, payload)).toBe('k2');
      }
    }
    const none = provider.deliveryKey({ headers: {}, rawBody }, payload);
    if (provider.deliveryKeyRule.bodyField !== undefined) expect(none).toBe('body-id');
    else if (provider.deliveryKeyRule.fallback === 'body-sha256') expect(none).toMatch(/^[0-9a-f]{64}$/);
    else expect(none).toBeNull();
  });

  it('keeps for replay the headers its parser reads: the event header and the delivery-key headers', () => {
    if (provider.headers.event !== null) expect(provider.headers.kept).toContain(provider.headers.event);
    for (const name of provider.deliveryKeyRule.headers) expect(provider.headers.kept).toContain(name);
    expect(provider.headers.kept).toContain('content-type');
  });
});
