import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACT_PATHS } from '../../src/logger.js';
import { formatLogLine, prettyDestination } from '../../src/pretty-log.js';

describe('formatLogLine', () => {
  it('writes time, level, message and fields, without pid and hostname', () => {
    const line = JSON.stringify({
      level: 30,
      time: Date.parse('2026-12-07T12:04:05.120Z'),
      pid: 42,
      hostname: 'box',
      msg: 'request',
      method: 'GET',
      url: '/api/projects?x=1',
      statusCode: 200,
      note: 'two words',
    });
    expect(formatLogLine(line, false)).toBe(
      '12:04:05 INFO  request method=GET url="/api/projects?x=1" statusCode=200 note="two words"\n',
    );
  });

  it('colours warnings and errors only when asked, and ends an error with its stack', () => {
    const line = JSON.stringify({
      level: 50,
      time: 0,
      msg: 'boom',
      err: { type: 'Error', stack: 'Error: x\n    at f' },
    });
    expect(formatLogLine(line, false)).toBe('00:00:00 ERROR boom\n  Error: x\n      at f\n');
    expect(formatLogLine(line, true)).toContain('\u001b[31mERROR\u001b[0m');
    expect(formatLogLine(JSON.stringify({ level: 30, time: 0, msg: 'ok' }), true)).not.toContain('\u001b[3');
  });

  it('keeps a line that is not JSON', () => {
    expect(formatLogLine('plain text', false)).toBe('plain text\n');
  });

  it('formats what pino writes, after redaction', () => {
    let out = '';
    const logger = pino(
      { level: 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
      prettyDestination({ write: (text: string) => (out += text) }, false),
    );
    logger.info({ req: { headers: { authorization: 'Bearer swt_secret' } }, token: 'swt_x' }, 'signed in');
    expect(out).toMatch(/^\d\d:\d\d:\d\d INFO {2}signed in req=/);
    expect(out).toContain('[redacted]');
    expect(out).not.toContain('swt_');
  });
});
