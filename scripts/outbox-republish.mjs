// npm run outbox:republish -- --service <auth|inventory|audit> --from-position <N>
// Publishes a service's stored events again from a global position (after the broker lost data).
import { spawnSync } from 'node:child_process';
import './check-node.mjs';

const args = process.argv.slice(2);
const at = args.indexOf('--service');
const service = at >= 0 ? args[at + 1] : undefined;
if (!['auth', 'inventory', 'audit'].includes(service ?? '')) {
  console.error('Usage: npm run outbox:republish -- --service <auth|inventory|audit> --from-position <N>');
  process.exit(2);
}
const rest = args.filter((_arg, index) => index !== at && index !== at + 1);
const run = spawnSync(process.execPath, [`dist/apps/${service}/src/main.js`, 'outbox:republish', ...rest], { stdio: 'inherit' });
process.exit(run.status ?? 1);
