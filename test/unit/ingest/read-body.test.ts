import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type ByteBudget, readBody } from '../../../src/ingest/read-body.js';

const budget = (max = 1_000_000): ByteBudget => ({ used: 0, max });

function chunks(stream: PassThrough, sizes: number[]) {
  setImmediate(() => {
    for (const size of sizes) stream.write(Buffer.alloc(size, 97));
    stream.end();
  });
}

describe('readBody', () => {
  it('reads a stream to its end within the limit, and gives the budget back', async () => {
    const stream = new PassThrough();
    const b = budget();
    chunks(stream, [300, 300, 400]);
    const read = await readBody(stream, Number.NaN, 1000, b);
    expect(read.ok && read.body.length).toBe(1000);
    expect(b.used).toBe(0);
  });

  it('stops at the limit while reading, without a Content-Length', async () => {
    const stream = new PassThrough();
    const b = budget();
    chunks(stream, [600, 600, 600]);
    expect(await readBody(stream, Number.NaN, 1000, b)).toEqual({ ok: false, reason: 'too_large' });
    expect(b.used).toBe(0);
  });

  it('refuses a declared length over the limit before reading anything', async () => {
    const stream = new PassThrough();
    expect(await readBody(stream, 1001, 1000, budget())).toEqual({ ok: false, reason: 'too_large' });
    expect(stream.listenerCount('data')).toBe(0);
  });

  it('is busy past the budget of bytes in flight', async () => {
    const stream = new PassThrough();
    const b = budget(500);
    b.used = 400;
    chunks(stream, [200]);
    expect(await readBody(stream, Number.NaN, 1000, b)).toEqual({ ok: false, reason: 'busy' });
    expect(b.used).toBe(400);
  });

  it('answers aborted when the stream fails', async () => {
    const stream = new PassThrough();
    setImmediate(() => stream.destroy(new Error('socket hang up')));
    expect(await readBody(stream, Number.NaN, 1000, budget())).toEqual({ ok: false, reason: 'aborted' });
  });

  it('holds bytes already in memory to the limit', async () => {
    expect(await readBody(Buffer.alloc(1000), Number.NaN, 1000, budget())).toMatchObject({ ok: true });
    expect(await readBody(Buffer.alloc(1001), Number.NaN, 1000, budget())).toEqual({ ok: false, reason: 'too_large' });
  });
});
