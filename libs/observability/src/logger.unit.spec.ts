import { Writable } from 'node:stream';
import { pino } from 'pino';
import { LOG_REDACT_PATHS } from './logger';

describe('log redaction', () => {
  it('should never write passwords, tokens or authorization headers', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = pino({ redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } }, sink);
    log.info(
      {
        password: 'hunter2-secret',
        body: { password: 'p4ss-secret', refreshToken: 'rt-secret' },
        accessToken: 'at-secret',
        headers: { authorization: 'Bearer jwt-secret' },
        email: 'kept@example.com',
      },
      'login attempt',
    );
    expect(lines.join('')).not.toMatch(/secret/);
    expect(lines.join('')).toContain('kept@example.com');
  });
});
