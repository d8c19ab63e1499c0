import type { NatsAuth } from './nats-connection';

/**
 * Reads a process's NATS credentials: `NATS_USER` + `NATS_PASSWORD`, or `NATS_NKEY_SEED_FILE`;
 * TLS from `NATS_TLS_CA` (and `NATS_TLS_CERT` + `NATS_TLS_KEY` for a client certificate), on
 * whenever a URL says `tls://`. Without credentials the connection is anonymous, which only
 * an open development server accepts (`requireNatsCredentials` refuses that in production).
 */
export function natsAuthFromEnv(env: NodeJS.ProcessEnv, url: string): NatsAuth {
  const user = env.NATS_USER || undefined;
  const password = env.NATS_PASSWORD || undefined;
  const nkeySeedFile = env.NATS_NKEY_SEED_FILE || undefined;
  if (user && nkeySeedFile) throw new Error('Set either NATS_USER/NATS_PASSWORD or NATS_NKEY_SEED_FILE, not both');
  if (Boolean(user) !== Boolean(password)) throw new Error('NATS_USER and NATS_PASSWORD must be set together');
  const auth: NatsAuth = nkeySeedFile ? { nkeySeedFile } : user ? { user, password } : {};
  const caFile = env.NATS_TLS_CA || undefined;
  const certFile = env.NATS_TLS_CERT || undefined;
  const keyFile = env.NATS_TLS_KEY || undefined;
  if (Boolean(certFile) !== Boolean(keyFile)) throw new Error('NATS_TLS_CERT and NATS_TLS_KEY must be set together');
  const tlsUrl = url.split(',').some((server) => server.trim().toLowerCase().startsWith('tls://'));
  if (tlsUrl || caFile || certFile) auth.tls = { caFile, certFile, keyFile };
  return auth;
}

/** Refuses to start a process in production without its own NATS credentials. */
export function requireNatsCredentials(auth: NatsAuth | undefined, production: boolean, process: string): void {
  if (!production || auth?.user || auth?.nkeySeedFile) return;
  throw new Error(
    `NATS credentials are required in production: set NATS_USER and NATS_PASSWORD (or NATS_NKEY_SEED_FILE) to the user deploy/nats grants ${process}`,
  );
}
