import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 between Shipwatch and PostgreSQL that the test controls: `cut('reset')` closes every
 * connection and refuses new ones at once (the database looks down); `cut('blackhole')` keeps connections open
 * but forwards nothing (a network partition: packets vanish); `restore()` lets traffic through again.
 */
export interface TcpProxy {
  readonly port: number;
  cut(mode: 'reset' | 'blackhole'): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: 'open' | 'reset' | 'blackhole' = 'open';
  const pairs = new Set<{ client: Socket; upstream: Socket | null }>();
  const server = createServer((client) => {
    client.on('error', () => {});
    if (mode === 'reset') {
      client.destroy();
      return;
    }
    const pair: { client: Socket; upstream: Socket | null } = { client, upstream: null };
    pairs.add(pair);
    const forget = () => {
      pairs.delete(pair);
      client.destroy();
      pair.upstream?.destroy();
    };
    client.on('close', forget);
    if (mode === 'blackhole') {
      client.on('data', () => {});
      return;
    }
    const upstream = createConnection(target);
    pair.upstream = upstream;
    upstream.on('error', () => {});
    upstream.on('close', forget);
    client.on('data', (chunk) => {
      if (mode === 'open') upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (mode === 'open') client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    port: address.port,
    cut(next) {
      mode = next;
      if (next === 'reset') {
        for (const pair of pairs) {
          pair.client.destroy();
          pair.upstream?.destroy();
        }
        pairs.clear();
      }
    },
    restore() {
      // Connections that lived through a blackhole lost bytes: they are unusable, close them.
      if (mode === 'blackhole') {
        for (const pair of pairs) {
          pair.client.destroy();
          pair.upstream?.destroy();
        }
        pairs.clear();
      }
      mode = 'open';
    },
    close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream?.destroy();
      }
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
