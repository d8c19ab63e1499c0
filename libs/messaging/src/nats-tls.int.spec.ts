import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from '@nats-io/transport-node';
import { startRestrictedNats, testSubjectPrefix, type RestrictedNatsServer } from '@uehub/testing';
import { connectNats, drainNats } from './nats-connection';
import { natsAuthFromEnv } from './nats-credentials';
import { inboxPrefixOf } from './nats-permissions';

/** A throw-away CA and a server certificate for 127.0.0.1 (openssl on PATH). */
function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', file('ca-key.pem'), '-out', file('ca.pem'), '-subj', '/CN=uehub-test-ca', '-days', '1');
  openssl('req', ...ec, '-keyout', file('server-key.pem'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1');
  // nats.js names a loopback server `localhost` when it checks the certificate
  writeFileSync(file('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca-key.pem'), '-CAcreateserial',
    '-out', file('server.pem'), '-days', '1', '-extfile', file('san.ext'));
  return { ca: file('ca.pem'), cert: file('server.pem'), key: file('server-key.pem') };
}

describe('NATS over TLS (tls:// URL and a CA, as docs/security.md describes)', () => {
  let dir: string;
  let ca: string;
  let server: RestrictedNatsServer;
  const prefix = testSubjectPrefix('tls');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'uehub-tls-'));
    const files = makeCertificates(dir);
    ca = files.ca;
    server = await startRestrictedNats(prefix, { tls: { certFile: files.cert, keyFile: files.key } });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should connect with the CA from NATS_TLS_CA and the credentials, and carry requests', async () => {
    const { user, password } = server.auth('gateway');
    const auth = natsAuthFromEnv({ NATS_USER: user, NATS_PASSWORD: password, NATS_TLS_CA: ca }, server.url);
    expect(auth.tls).toEqual({ caFile: ca, certFile: undefined, keyFile: undefined });
    const nc = await connectNats(server.url, 'tls-test', { auth, inboxPrefix: inboxPrefixOf(prefix, 'gateway') });
    try {
      expect(nc.info?.tls_required).toBe(true);
      await expect(nc.request(`${prefix}.rpc.auth.jwks`, '{}', { timeout: 500 })).rejects.toThrow(/no responders|timeout/i);
    } finally {
      await drainNats(nc);
    }
  });

  it('should refuse a server certificate the client does not trust, and a client without TLS', async () => {
    const { user, password } = server.auth('gateway');
    // one attempt each (connectNats itself retries for ever, by design)
    const once = { servers: server.url, user, pass: password, reconnect: false };
    await expect(connect({ ...once, tls: {} })).rejects.toThrow(/certificate/i);
    await expect(connect({ ...once, servers: server.url.replace('tls://', 'nats://'), tls: null })).rejects.toThrow(/tls/i);
  });
});
