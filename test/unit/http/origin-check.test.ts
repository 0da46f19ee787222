import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../src/errors.js';
import { checkWriteOrigin } from '../../../src/http/origin-check.js';

const request = (origin: string | undefined, host: string, method = 'POST', protocol: 'http' | 'https' = 'http') => ({
  method,
  protocol,
  host,
  headers: origin === undefined ? {} : { origin },
});
const unset = { publicUrl: 'http://localhost:3000', publicUrlSet: false };
const set = { publicUrl: 'https://ship.example.com/', publicUrlSet: true };

function rejection(run: () => void): HttpError {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected a csrf_rejected error');
}

describe('checkWriteOrigin', () => {
  it('lets reads pass whatever their Origin', () => {
    expect(() => checkWriteOrigin(request('http://evil.example', 'ship.example.com', 'GET'), set)).not.toThrow();
    expect(() => checkWriteOrigin(request(undefined, 'ship.example.com', 'HEAD'), set)).not.toThrow();
  });

  it('accepts the public origin, set or not', () => {
    expect(() => checkWriteOrigin(request('https://ship.example.com', 'internal:3000'), set)).not.toThrow();
    expect(() => checkWriteOrigin(request('http://localhost:3000', 'localhost:3000'), unset)).not.toThrow();
  });

  it('without SHIPWATCH_PUBLIC_URL, accepts the origin the page was opened at: loopback or LAN', () => {
    for (const host of ['127.0.0.1:3000', '192.168.1.20:3000', 'nas.local:8080', '[::1]:3000']) {
      expect(() => checkWriteOrigin(request(`http://${host}`, host), unset), host).not.toThrow();
    }
    expect(() => checkWriteOrigin(request('https://nas.local', 'nas.local', 'PUT', 'https'), unset)).not.toThrow();
  });

  it('without it, still refuses another site, another port or scheme, and no Origin, naming the setting', () => {
    for (const [origin, host, protocol] of [
      ['http://evil.example', '127.0.0.1:3000', 'http'],
      ['http://127.0.0.1:3001', '127.0.0.1:3000', 'http'],
      ['http://nas.local', 'nas.local', 'https'],
      [undefined, '127.0.0.1:3000', 'http'],
      ['null', '127.0.0.1:3000', 'http'],
    ] as const) {
      const error = rejection(() => checkWriteOrigin(request(origin, host, 'DELETE', protocol), unset));
      expect(error.code).toBe('csrf_rejected');
      expect(error.statusCode).toBe(403);
      expect(error.message).toMatch(/Set SHIPWATCH_PUBLIC_URL to the address you open Shipwatch at/);
    }
  });

  it('with SHIPWATCH_PUBLIC_URL set, the request’s own origin is not enough, and the message names the URL', () => {
    const error = rejection(() => checkWriteOrigin(request('http://10.0.0.5:3000', '10.0.0.5:3000'), set));
    expect(error.message).toContain('must come from https://ship.example.com');
    expect(error.message).toContain('this one comes from http://10.0.0.5:3000');
    expect(error.message).toContain('SHIPWATCH_PUBLIC_URL');
  });
});
