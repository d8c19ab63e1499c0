// Writes the nats-server configuration for one subject prefix from the permission table in
// code (libs/messaging/src/nats-permissions.ts). Run through `npm run nats:config -- ...`
// (which builds first). Passwords are not written: nats-server reads NATS_PASSWORD_<PROCESS>
// from its environment (a bcrypt hash there is best; see docs/security.md).
//   --prefix uehub  --listen 0.0.0.0:4222  --store-dir /data  --out deploy/nats/nats.conf
//   --tls-cert server.pem --tls-key server-key.pem [--tls-ca ca.pem --tls-verify]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import './check-node.mjs';
import messaging from '../dist/libs/messaging/src/index.js';

const { values } = parseArgs({
  options: {
    prefix: { type: 'string', default: 'uehub' },
    listen: { type: 'string', default: '0.0.0.0:4222' },
    'store-dir': { type: 'string', default: '/data' },
    out: { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'tls-ca': { type: 'string' },
    'tls-verify': { type: 'boolean', default: false },
  },
});
if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) {
  console.error('--tls-cert and --tls-key go together');
  process.exit(1);
}
const tls = values['tls-cert']
  ? { certFile: values['tls-cert'], keyFile: values['tls-key'], caFile: values['tls-ca'], verify: values['tls-verify'] }
  : undefined;
const text = messaging.renderNatsServerConfig({ prefix: values.prefix, listen: values.listen, storeDir: values['store-dir'], tls });
if (values.out) writeFileSync(values.out, text);
else process.stdout.write(text);
