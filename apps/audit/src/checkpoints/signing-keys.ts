import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A public key that checkpoints may be verified with; `current` signs new ones. */
export interface AuditPublicKey {
  kid: string;
  kty: 'OKP';
  crv: 'Ed25519';
  /** The raw 32-byte public key, base64url (as in a JWK). */
  x: string;
  status: 'current' | 'retired';
}

export interface AuditSigningKeys {
  kid: string;
  privateKey: KeyObject;
  /** Current first, then retired keys, by key id. */
  publicKeys: AuditPublicKey[];
}

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** SPKI DER prefix of an Ed25519 public key; the 32 raw bytes follow. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * Development only: a fixed, publicly known seed, so checkpoints can be made without
 * set-up. Production refuses to start with it (there is no key to fall back to).
 */
const DEV_SEED = createHash('sha256').update('uehub development audit signing key: never in production').digest();

/** A key id every verifier derives the same way from the public key alone. */
export function keyIdOf(publicKey: KeyObject): string {
  return `ed25519-${createHash('sha256').update(rawPublicKey(publicKey)).digest('hex').slice(0, 16)}`;
}

export function rawPublicKey(publicKey: KeyObject): Buffer {
  return Buffer.from(publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX.length));
}

export function publicKeyFromRaw(x: string): KeyObject {
  const raw = Buffer.from(x, 'base64url');
  if (raw.length !== 32) throw new Error('an Ed25519 public key has 32 bytes (base64url)');
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** An Ed25519 private key from a PEM (PKCS#8) or a base64 32-byte seed. */
export function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----BEGIN')
    ? createPrivateKey(trimmed)
    : createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seedOf(trimmed)]), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the key is ${key.asymmetricKeyType}, not Ed25519`);
  return key;
}

function seedOf(base64: string): Buffer {
  const seed = Buffer.from(base64, 'base64');
  if (seed.length !== 32) throw new Error('a base64 key must hold the 32-byte Ed25519 seed (or give a PKCS#8 PEM)');
  return seed;
}

export function signingKeys(privateKey: KeyObject, retired: readonly KeyObject[] = []): AuditSigningKeys {
  const publicKey = createPublicKey(privateKey);
  const kid = keyIdOf(publicKey);
  const jwk = (key: KeyObject, status: AuditPublicKey['status']): AuditPublicKey => ({
    kid: keyIdOf(key),
    kty: 'OKP',
    crv: 'Ed25519',
    x: rawPublicKey(key).toString('base64url'),
    status,
  });
  const others = retired.filter((key) => keyIdOf(key) !== kid).map((key) => jwk(key, 'retired'));
  return { kid, privateKey, publicKeys: [jwk(publicKey, 'current'), ...others] };
}

/**
 * The audit signing key from `AUDIT_SIGNING_KEY` or `AUDIT_SIGNING_KEY_FILE` (never the
 * database), and retired public keys from `AUDIT_RETIRED_PUBLIC_KEYS` (comma-separated
 * base64url). Outside production a fixed development key is used when none is set;
 * production refuses to start without one.
 */
export function loadSigningKeys(env: NodeJS.ProcessEnv, production: boolean): AuditSigningKeys {
  const inline = env.AUDIT_SIGNING_KEY?.trim();
  const file = env.AUDIT_SIGNING_KEY_FILE?.trim();
  if (inline && file) throw new Error('Set AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE, not both');
  let text: string | undefined = inline;
  if (file) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`AUDIT_SIGNING_KEY_FILE cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  if (!text && production) throw new Error('AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE is required in production (the Ed25519 key that signs audit checkpoints)');
  let privateKey: KeyObject;
  try {
    privateKey = text ? parsePrivateKey(text) : parsePrivateKey(DEV_SEED.toString('base64'));
  } catch (error) {
    // the message never carries the key itself
    throw new Error(`The audit signing key is not valid: ${(error as Error).message.split('\n')[0]}`);
  }
  const retired = (env.AUDIT_RETIRED_PUBLIC_KEYS ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((x) => {
      try {
        return publicKeyFromRaw(x);
      } catch (error) {
        throw new Error(`AUDIT_RETIRED_PUBLIC_KEYS is not valid: ${(error as Error).message}`);
      }
    });
  return signingKeys(privateKey, retired);
}
