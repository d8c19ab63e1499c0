import { loadTimeclockBenchConfig } from './timeclock-bench-config';
import { parsePgbenchTps, pgbenchPairScript, PGBENCH_INSTALL_HINT } from './pgbench-baseline';

describe('the timeclock benchmark settings and pgbench baseline', () => {
  it('should read its settings with defaults, and refuse bad ones', () => {
    const config = loadTimeclockBenchConfig({ PATH: '', BENCH_PGBENCH: '/opt/pgbench', BENCH_NATS_SERVER: '/opt/nats-server' });
    expect(config).toMatchObject({ seconds: 5, clients: [8, 32], payrollUsers: 1000, json: false, pgbench: '/opt/pgbench', natsServer: '/opt/nats-server' });
    expect(loadTimeclockBenchConfig({ BENCH_TIMECLOCK_CLIENTS: '4, 16', BENCH_SECONDS: '3', BENCH_JSON: '1' })).toMatchObject({ clients: [4, 16], seconds: 3, json: true });
    expect(() => loadTimeclockBenchConfig({ BENCH_TIMECLOCK_CLIENTS: '8,lots' })).toThrow('BENCH_TIMECLOCK_CLIENTS');
    expect(() => loadTimeclockBenchConfig({ BENCH_SECONDS: '0' })).toThrow('BENCH_SECONDS');
  });

  it('should say how to install pgbench (a Debian package) when it is missing', () => {
    expect(PGBENCH_INSTALL_HINT).toContain('apt-get install postgresql-');
  });

  it('should run both punches of a pair in one script, each in its own transaction, as the service does', () => {
    const script = pgbenchPairScript();
    expect(script.match(/^begin;$/gm)).toHaveLength(2);
    expect(script.match(/^commit;$/gm)).toHaveLength(2);
    expect(script).toContain("'timeclock.shift.started'");
    expect(script).toContain("'timeclock.shift.ended'");
    expect(script).toMatch(/timeclock_user_refs where id = :uid::uuid for update/);
    expect(script).toMatch(/timeclock_timesheets .* for share/);
  });

  it("should read pgbench's tps, and refuse a run with failed transactions", () => {
    const ok = 'number of transactions actually processed: 512\nnumber of failed transactions: 0 (0.000%)\ntps = 101.234567 (without initial connection time)\n';
    expect(parsePgbenchTps(ok)).toBe(101.234567);
    expect(() => parsePgbenchTps(ok.replace('failed transactions: 0', 'failed transactions: 3'))).toThrow('3 failed transactions');
    expect(() => parsePgbenchTps('nothing')).toThrow('no tps');
  });
});
