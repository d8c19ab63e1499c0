import { Writable } from 'node:stream';
import { pino } from 'pino';
import { configureLogging, createLogger, LOG_REDACT_PATHS, logLevelFrom } from './logger';

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

describe('log level', () => {
  it('should apply the configured level to loggers made before and after, and refuse an unknown one', () => {
    const early = createLogger('made-before-configure');
    configureLogging({ level: 'debug' });
    expect([early.level, createLogger('made-after-configure').level]).toEqual(['debug', 'debug']);
    configureLogging({ level: 'error' });
    expect(early.level).toBe('error');
    expect(logLevelFrom({ NODE_ENV: 'test' })).toBe('error');
    expect(logLevelFrom({ LOG_LEVEL: 'warn' })).toBe('warn');
    expect(() => logLevelFrom({ LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL "loud" is not valid');
  });
});
