// Benchmark: clock-in/clock-out pairs through the gateway against the same statements in raw SQL
// (pgbench), as a ratio at each client count; payroll export of 1,000 users × 1 week.
// Run: npm run bench:timeclock   (BENCH_SECONDS, BENCH_TIMECLOCK_CLIENTS, BENCH_TIMECLOCK_PAYROLL_USERS, BENCH_JSON=1)
import 'reflect-metadata';
import { runTimeclockBench, type TimeclockBenchFigures } from './timeclock-bench';
import { loadTimeclockBenchConfig } from './timeclock-bench-config';

function print(f: TimeclockBenchFigures): void {
  console.log(`${f.date}  ${f.machine.cpus} × ${f.machine.model}  load average before ${f.machine.loadAverageBefore.join(' ')}, after ${f.machine.loadAverageAfter.join(' ')}`);
  console.log(`clock-in/clock-out pairs, ${f.seconds} s per phase, one user per client`);
  console.log('clients | gateway pairs/s | p50 ms | p95 ms | failed | pgbench pairs/s | gateway/pgbench');
  for (const p of f.phases) {
    const g = p.gateway;
    console.log(`${p.clients} | ${g.pairsPerSecond} | ${g.p50Ms} | ${g.p95Ms} | ${g.failed} | ${p.pgbenchPairsPerSecond ?? '-'} | ${p.ratio ?? '-'}`);
  }
  if (f.pgbenchMissing) console.log(f.pgbenchMissing);
  const r = f.payroll;
  console.log(`payroll export, ${r.users} users × 1 week (${r.rows} approved rows, ${r.bytes} bytes CSV): CSV median ${r.csvMedianMs} ms (max ${r.csvMaxMs}), JSON median ${r.jsonMedianMs} ms`);
}

async function main(): Promise<void> {
  const config = loadTimeclockBenchConfig();
  const figures = await runTimeclockBench(config, (line) => {
    if (!config.json) console.error(line);
  });
  if (config.json) console.log(JSON.stringify({ bench: 'timeclock', ...figures }));
  else print(figures);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
