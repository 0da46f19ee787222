import { describe, expect, it } from 'vitest';
import { eventLoopTurns } from '../../../src/ingest/turns.js';

describe('eventLoopTurns', () => {
  it('gives parallel branches a turn of the event loop each, not one turn for all of them', async () => {
    // The event loop's iterations, counted by an immediate that queues itself again: each iteration polls for I/O
    // (requests, deliveries) before it runs the immediates.
    let iteration = 0;
    let counting = true;
    const count = () => {
      iteration += 1;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const turns = eventLoopTurns(0);
    const wentOnIn: number[] = [];
    const branch = async () => {
      await turns.yield();
      wentOnIn.push(iteration);
    };
    await Promise.all([branch(), branch(), branch()]);
    counting = false;
    expect(wentOnIn).toHaveLength(3);
    expect(wentOnIn[1]).toBeGreaterThan(wentOnIn[0] as number);
    expect(wentOnIn[2]).toBeGreaterThan(wentOnIn[1] as number);
  });

  it('offers no turn before the budget has passed', async () => {
    const turns = eventLoopTurns(60_000);
    let ran = false;
    const immediate = setImmediate(() => {
      ran = true;
    });
    await turns.yield();
    expect(ran).toBe(false);
    clearImmediate(immediate);
  });
});
