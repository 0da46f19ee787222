import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type BudgetLimits, createBodyBudgets } from '../../../src/ingest/body-budgets.js';
import { readBody, type StallLimits } from '../../../src/ingest/read-body.js';

const LIMITS: BudgetLimits = { total: 10_000, large: 7_500, perAddress: 3_000, perWebhook: 5_000, smallBody: 500 };
const STALL: StallLimits = { smallBody: 500, smallIdleMs: 400, largeIdleMs: 50 };

function chunks(stream: PassThrough, sizes: number[]) {
  setImmediate(() => {
    for (const size of sizes) stream.write(Buffer.alloc(size, 97));
    stream.end();
  });
}

describe('readBody', () => {
  it('reads a stream to its end within the limit, and gives the budget back', async () => {
    const stream = new PassThrough();
    const budgets = createBodyBudgets(LIMITS);
    chunks(stream, [300, 300, 400]);
    const read = await readBody(stream, Number.NaN, 1000, budgets.open('wh', 'a'), STALL);
    expect(read.ok && read.body.length).toBe(1000);
    expect(budgets.held()).toBe(0);
  });

  it('stops at the limit while reading, without a Content-Length', async () => {
    const stream = new PassThrough();
    const budgets = createBodyBudgets(LIMITS);
    chunks(stream, [600, 600, 600]);
    expect(await readBody(stream, Number.NaN, 1000, budgets.open('wh', 'a'), STALL)).toEqual({
      ok: false,
      reason: 'too_large',
    });
    expect(budgets.held()).toBe(0);
  });

  it('refuses a declared length over the limit before reading anything', async () => {
    const stream = new PassThrough();
    const budgets = createBodyBudgets(LIMITS);
    expect(await readBody(stream, 1001, 1000, budgets.open('wh', 'a'), STALL)).toEqual({
      ok: false,
      reason: 'too_large',
    });
    expect(stream.listenerCount('data')).toBe(0);
  });

  it("is busy, unread, when a declared length finds no room in the address's share", async () => {
    const budgets = createBodyBudgets(LIMITS);
    const held = budgets.open('wh', 'a');
    expect(held.take(2_800)).toBe(true);
    const stream = new PassThrough();
    expect(await readBody(stream, 300, 1000, budgets.open('wh', 'a'), STALL)).toEqual({ ok: false, reason: 'busy' });
    expect(stream.listenerCount('data')).toBe(0);
    expect(budgets.held()).toBe(2_800);
  });

  it('cuts off a stalled body, one past the small limit sooner than a small one', async () => {
    const budgets = createBodyBudgets(LIMITS);
    const timed = async (declared: number, sent: number) => {
      const stream = new PassThrough();
      stream.write(Buffer.alloc(sent, 97));
      const started = Date.now();
      const read = await readBody(stream, declared, 5_000, budgets.open('wh', `c${declared}`), STALL);
      return { read, ms: Date.now() - started };
    };
    const [large, small] = await Promise.all([timed(2_000, 1_000), timed(400, 100)]);
    expect(large.read).toEqual({ ok: false, reason: 'stalled' });
    expect(small.read).toEqual({ ok: false, reason: 'stalled' });
    expect(large.ms).toBeLessThan(300);
    expect(small.ms).toBeGreaterThanOrEqual(350);
    expect(budgets.held()).toBe(0);
  });

  it('answers aborted when the stream fails', async () => {
    const stream = new PassThrough();
    setImmediate(() => stream.destroy(new Error('socket hang up')));
    expect(await readBody(stream, Number.NaN, 1000, createBodyBudgets(LIMITS).open('wh', 'a'), STALL)).toEqual({
      ok: false,
      reason: 'aborted',
    });
  });

  it('holds bytes already in memory to the limit', async () => {
    const budgets = createBodyBudgets(LIMITS);
    expect(await readBody(Buffer.alloc(1000), Number.NaN, 1000, budgets.open('wh', 'a'), STALL)).toMatchObject({
      ok: true,
    });
    expect(await readBody(Buffer.alloc(1001), Number.NaN, 1000, budgets.open('wh', 'a'), STALL)).toEqual({
      ok: false,
      reason: 'too_large',
    });
  });
});

describe('createBodyBudgets', () => {
  it('keeps room for small bodies however many large ones are held', () => {
    const budgets = createBodyBudgets(LIMITS);
    // Large bodies from many addresses to many webhooks fill the large pool (7,500 of bodies past the small limit).
    let largeTaken = 0;
    for (let i = 0; i < 40; i += 1) if (budgets.open(`wh${i % 3}`, `a${i}`).take(2_000)) largeTaken += 1;
    expect(largeTaken).toBeLessThan(40);
    expect(budgets.held()).toBeLessThanOrEqual(LIMITS.total);
    // A small body to any webhook from a new address still has room.
    expect(budgets.open('wh0', 'github').take(500)).toBe(true);
  });

  it("limits one address's and one webhook's bytes, and gives everything back on release", () => {
    const budgets = createBodyBudgets(LIMITS);
    const first = budgets.open('wh', 'a');
    expect(first.take(2_000)).toBe(true);
    expect(budgets.open('wh', 'a').take(1_500)).toBe(false);
    expect(budgets.open('other', 'b').take(1_500)).toBe(true);
    // The webhook's share counts bodies past the small limit: 2,000 (a) + 2,000 + 2,000 > 5,000.
    const accounts = ['c', 'd', 'e', 'f'].map((address) => budgets.open('wh', address));
    expect(accounts.map((a) => a.take(2_000))).toEqual([true, false, false, false]);
    first.release();
    first.release();
    expect(accounts[1]?.take(2_000)).toBe(true);
    for (const a of accounts) a.release();
    expect(budgets.held()).toBe(1_500);
  });
});
