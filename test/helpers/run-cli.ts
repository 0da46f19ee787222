import { vi } from 'vitest';
import { buildProgram } from '../../src/cli/index.js';

/** Runs `shipwatch <args>` in-process, capturing what it prints to standard output. */
export async function shipwatch(...args: string[]): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await buildProgram()
      .exitOverride()
      .parseAsync(['node', 'shipwatch', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}
