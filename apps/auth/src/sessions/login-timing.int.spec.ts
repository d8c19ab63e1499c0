// Prints login timings for a known and an unknown email; asserts the outcomes, never the times
// (a timed assertion would fail on a busy machine). Figures go to docs/security.md.
import type { RequestContext } from '@uehub/contracts';
import { openAuthFixture, type AuthFixture } from '../auth.fixture';
import { UserCommands } from '../users/user-commands.service';
import { SessionService } from './session.service';

const ROUNDS = Number(process.env.LOGIN_TIMING_ROUNDS ?? 50);
const anonymous: RequestContext = { actor: { kind: 'anonymous', id: 'anonymous' }, correlationId: 'timing-test' };

function summary(ms: number[]): { median: number; p90: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10;
  return { median: at(0.5), p90: at(0.9) };
}

describe('login timing', () => {
  let f: AuthFixture;
  let sessions: SessionService;

  beforeAll(async () => {
    f = await openAuthFixture('auth_login_timing');
    const app = await f.start();
    sessions = app.get(SessionService);
    await app.get(UserCommands).create(
      { email: 'known@example.com', password: 'Known-user-password-1', name: 'Known', role: 'worker' },
      { actor: { kind: 'user', id: '0190aaaa-0000-7000-8000-00000000000f', role: 'superadmin' }, correlationId: 'timing-test' },
    );
  });
  afterAll(() => f.close());

  it('should refuse a wrong password and an unknown email alike, in about the same time', async () => {
    const times: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
    const codes = new Set<string>();
    for (let i = 0; i < ROUNDS; i++) {
      // alternate which goes first, so neither pays for what the other left behind
      for (const who of i % 2 ? (['unknown', 'known'] as const) : (['known', 'unknown'] as const)) {
        // the lockout would answer early after five failures: start every attempt unlocked
        await f.orm.em.fork().execute('delete from auth.auth_login_guard');
        const started = process.hrtime.bigint();
        const error = await sessions.login(`${who}@example.com`, `Wrong-password-${i}`, anonymous).catch((e: unknown) => e);
        times[who].push(Number(process.hrtime.bigint() - started) / 1e6);
        codes.add(`${(error as { code?: string }).code}: ${(error as Error).message}`);
      }
    }
    const figures = { rounds: ROUNDS, knownEmailMs: summary(times.known), unknownEmailMs: summary(times.unknown) };
    process.stdout.write(`login timing ${JSON.stringify(figures)}\n`);
    expect([...codes]).toEqual(['UNAUTHENTICATED: The email or password is wrong']);
  });
});
