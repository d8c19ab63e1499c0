// Writes the nats-server configuration for one subject prefix from the permission table in
// code (libs/messaging/src/nats-permissions.ts). Run through `npm run nats:config -- ...`
// (which builds first). Passwords are not written: nats-server reads NATS_PASSWORD_<PROCESS>
// from its environment (a bcrypt hash there is best; see docs/security.md).
//   --prefix uehub  --listen 0.0.0.0:4222  --store-dir /data  --out deploy/nats/nats.conf
//   --tls-cert server.pem --tls-key server-key.pem [--tls-ca ca.pem --tls-verify]
// A JetStream cluster: one file per node, `<name>.conf`, with routes to every node on port 6222:
//   --cluster nats-1,nats-2,nats-3 [--cluster-name uehub] --out-dir deploy/nats/cluster
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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
    cluster: { type: 'string' },
    'cluster-name': { type: 'string', default: 'uehub' },
    'out-dir': { type: 'string' },
  },
});
if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) {
  console.error('--tls-cert and --tls-key go together');
  process.exit(1);
}
const tls = values['tls-cert']
  ? { certFile: values['tls-cert'], keyFile: values['tls-key'], caFile: values['tls-ca'], verify: values['tls-verify'] }
  : undefined;
if (values.cluster) {
  if (!values['out-dir']) {
    console.error('--cluster writes one file per node: give --out-dir');
    process.exit(1);
  }
  const nodes = values.cluster.split(',').map((name) => ({
    name,
    listen: values.listen,
    clusterListen: '0.0.0.0:6222',
    routeAddress: `${name}:6222`,
    storeDir: values['store-dir'],
  }));
  const configs = messaging.renderNatsClusterConfigs({ prefix: values.prefix, clusterName: values['cluster-name'], nodes, tls });
  mkdirSync(values['out-dir'], { recursive: true });
  for (const [name, text] of Object.entries(configs)) writeFileSync(path.join(values['out-dir'], `${name}.conf`), text);
  process.exit(0);
}
const text = messaging.renderNatsServerConfig({ prefix: values.prefix, listen: values.listen, storeDir: values['store-dir'], tls });
if (values.out) writeFileSync(values.out, text);
else process.stdout.write(text);
