import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type Plan = Array<{ name: string; args: string[]; env: Record<string, string> }>;

/** Runs scripts/replicas.mjs (what `npm start` uses) in its own Node process with `env`. */
function plan(env: Record<string, string>): Plan | string {
  const script = `
    import { replicaPlan } from ${JSON.stringify(pathToFileURL(resolve(__dirname, '../scripts/replicas.mjs')).href)};
    try { console.log(JSON.stringify(replicaPlan(['auth', 'inventory', 'gateway'], ${JSON.stringify(env)}, (s) => [s + '.js']))); }
    catch (error) { console.log(JSON.stringify(error.message)); }`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as Plan | string;
}

describe('npm start replicas', () => {
  it('should run one process per service by default', () => {
    expect(plan({})).toEqual([
      { name: 'auth', args: ['auth.js'], env: {} },
      { name: 'inventory', args: ['inventory.js'], env: {} },
      { name: 'gateway', args: ['gateway.js'], env: {} },
    ]);
  });

  it('should run REPLICAS of each, REPLICAS_<SERVICE> overriding it, gateways on consecutive ports', () => {
    expect(plan({ REPLICAS: '2', REPLICAS_INVENTORY: '3', PORT: '8080', METRICS_PORT: '9400' })).toEqual([
      { name: 'auth', args: ['auth.js'], env: { METRICS_PORT: '9400' } },
      { name: 'auth#2', args: ['auth.js'], env: { METRICS_PORT: '9401' } },
      { name: 'inventory', args: ['inventory.js'], env: { METRICS_PORT: '9402' } },
      { name: 'inventory#2', args: ['inventory.js'], env: { METRICS_PORT: '9403' } },
      { name: 'inventory#3', args: ['inventory.js'], env: { METRICS_PORT: '9404' } },
      { name: 'gateway', args: ['gateway.js'], env: { METRICS_PORT: '9405' } },
      { name: 'gateway#2', args: ['gateway.js'], env: { PORT: '8081', METRICS_PORT: '9406' } },
    ]);
  });

  it.each(['0', '17', 'two', '1.5'])('should refuse REPLICAS=%s with a message naming the variable', (value) => {
    expect(plan({ REPLICAS_AUTH: value })).toMatch(/^REPLICAS_AUTH must be a whole number from 1 to 16/);
  });
});
