import { captureLogs, type CapturedLogs } from '@uehub/testing';
import { apiClient, type Api } from './support/http-client';
import { startSystem, type RunningSystem } from './support/system';

// The gateway's access log (pino-http through @uehub/observability) and Nest's own messages
// (nestjs-pino) in the one JSON format, with secrets kept out of every line of the process.
describe('access log', () => {
  let system: RunningSystem;
  let api: Api;
  let logs: CapturedLogs;

  beforeAll(async () => {
    // before the system starts: the access logger takes its level when it is built
    logs = captureLogs('debug');
    system = await startSystem('e2e_access_log');
    api = apiClient(system.baseUrl);
  });
  afterAll(async () => {
    await system?.stop();
    logs.stop();
  });

  it('should write one line per request with correlation id, status and duration, and never a password or token', async () => {
    const wrong = await api('POST', '/api/v1/auth/login', {
      headers: { 'x-request-id': 'req-access-log-wrong' },
      body: { email: system.admin.email, password: 'Wrong-but-secret-password-77' },
    });
    expect(wrong.status).toBe(401);
    const login = await api('POST', '/api/v1/auth/login', {
      headers: { 'x-request-id': 'req-access-log-login' },
      body: { email: system.admin.email, password: system.admin.password },
    });
    expect(login.status).toBe(200);
    const me = await api('GET', '/api/v1/me?x=1', {
      token: login.body.accessToken,
      headers: { 'x-request-id': 'req-access-log-me', cookie: 'session=cookie-secret-value' },
    });
    expect(me.status).toBe(200);

    const access = logs.lines().filter((line) => line.component === 'http' && typeof line.correlationId === 'string' && line.correlationId.startsWith('req-access-log-'));
    expect(access.map(({ correlationId, req, res, level }) => ({ correlationId, req, res, level }))).toEqual([
      { correlationId: 'req-access-log-wrong', req: { method: 'POST', path: '/api/v1/auth/login' }, res: { statusCode: 401 }, level: 30 },
      { correlationId: 'req-access-log-login', req: { method: 'POST', path: '/api/v1/auth/login' }, res: { statusCode: 200 }, level: 30 },
      { correlationId: 'req-access-log-me', req: { method: 'GET', path: '/api/v1/me' }, res: { statusCode: 200 }, level: 30 },
    ]);
    for (const line of access) expect(typeof line.durationMs).toBe('number');
    expect(access[2].msg).toBe('GET /api/v1/me 200');

    // Nest's own start-up messages came through the same JSON logger
    expect(logs.lines().some((line) => line.component === 'nest' && typeof line.context === 'string')).toBe(true);

    const text = logs.text();
    for (const secret of ['Wrong-but-secret-password-77', system.admin.password, login.body.accessToken, login.body.refreshToken, 'cookie-secret-value']) {
      expect(text).not.toContain(secret);
    }
  });
});
