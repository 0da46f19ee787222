import { afterAll, describe, expect, it } from 'vitest';
import { createHook, startServer, tempDir } from './support/server.js';

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');
const dir = tempDir('shipwatch-key-');
afterAll(() => dir.remove());

describe('a wrong SHIPWATCH_SECRET_KEY (issue 14)', () => {
  it('stops the start with one line naming the variable, never ready; the right key starts', async () => {
    const first = await startServer({ dataDir: dir.path, env: { SHIPWATCH_SECRET_KEY: KEY_A } });
    await createHook(first, 'gitlab');
    await first.stop();
    const refusal = await startServer({ dataDir: dir.path, env: { SHIPWATCH_SECRET_KEY: KEY_B } }).then(
      async (server) => {
        await server.kill();
        return 'the server started and said it was ready';
      },
      (error: Error) => error.message,
    );
    expect(refusal).toMatch(/^shipwatch: SHIPWATCH_SECRET_KEY cannot decrypt the stored webhook secrets .*\.$/m);
    const again = await startServer({ dataDir: dir.path, env: { SHIPWATCH_SECRET_KEY: KEY_A } });
    expect(again.alive()).toBe(true);
    await again.stop();
  });
});
