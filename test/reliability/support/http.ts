import http from 'node:http';

export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer | undefined;
  /** Give up (and reject) after this long; 30 s by default. */
  readonly timeoutMs?: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  /** Time from sending to the whole answer, ms. */
  readonly ms: number;
}

export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
  destroy(): void;
}

/** Keep-alive requests to one server over a bounded pool of connections (node:http only). */
export function createHttpClient(base: string, options: { connections: number }): HttpClient {
  const url = new URL(base);
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: options.connections,
    maxFreeSockets: options.connections,
  });
  return {
    request(request) {
      return new Promise((resolve, reject) => {
        const started = performance.now();
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            method: request.method,
            path: request.path,
            headers: request.headers,
            agent,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks),
                ms: performance.now() - started,
              }),
            );
            res.on('error', reject);
          },
        );
        req.setTimeout(request.timeoutMs ?? 30_000, () => req.destroy(new Error('client timeout')));
        req.on('error', reject);
        req.end(request.body);
      });
    },
    destroy: () => agent.destroy(),
  };
}

/** Runs `count` tasks with at most `concurrency` at once; each task gets its index. */
export async function pool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const index = next++;
      await task(index);
    }
  });
  await Promise.all(workers);
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
