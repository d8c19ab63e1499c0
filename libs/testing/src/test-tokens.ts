import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { principalSubject, RPC_SERVICES, rpcSubject, type JsonWebKeyLike, type Role } from '@uehub/contracts';

/** A signing key of the tests' own, standing in for auth's when auth does not run. */
const TEST_KID = 'test-signing-key';
let pair: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
const keys = () => (pair ??= generateKeyPairSync('ed25519'));

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An access token as auth would issue it (EdDSA, synchronous), signed by the test key. */
export function testAccessToken(user: { id: string; role: Role; name?: string }, expiresInSeconds = 600): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64({ alg: 'EdDSA', kid: TEST_KID, typ: 'JWT' });
  const claims = b64({ sub: user.id, role: user.role, name: user.name ?? `Test ${user.role}`, iss: 'uehub-auth', aud: 'uehub', iat: now, exp: now + expiresInSeconds });
  const signature = sign(null, Buffer.from(`${header}.${claims}`), keys().privateKey).toString('base64url');
  return `${header}.${claims}.${signature}`;
}

/** The public half of the test key, as `auth.jwks` answers. */
export function testJwks(): JsonWebKeyLike[] {
  const { kty = 'OKP', crv, x } = keys().publicKey.export({ format: 'jwk' });
  return [{ kty, crv, x, kid: TEST_KID, alg: 'EdDSA', use: 'sig' }];
}

/** Answers `auth.jwks` on a prefix (for the gateway and every principal) with the test key; returns a stop function. */
export function serveTestJwks(nc: NatsConnection, prefix: string): () => void {
  const subjects = [rpcSubject(prefix, 'auth.jwks'), ...RPC_SERVICES.map((p) => principalSubject(prefix, p, 'auth.jwks'))];
  const subscriptions: Subscription[] = subjects.map((subject) =>
    nc.subscribe(subject, {
      callback: (_error, msg) => {
        msg.respond(JSON.stringify({ ok: true, data: { keys: testJwks() } }));
      },
    }),
  );
  return () => subscriptions.forEach((s) => s.unsubscribe());
}
