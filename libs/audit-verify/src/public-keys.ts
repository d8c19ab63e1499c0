import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** A public key that checkpoints and export manifests may be verified with; `current` signs new ones. */
export interface AuditPublicKey {
  kid: string;
  kty: 'OKP';
  crv: 'Ed25519';
  /** The raw 32-byte public key, base64url (as in a JWK). */
  x: string;
  status: 'current' | 'retired';
}

/**
 * Development only: a fixed, publicly known seed, so checkpoints can be made without set-up
 * (and verified without a key file). Production refuses to start with it.
 */
export const DEVELOPMENT_KEY_SEED = createHash('sha256').update('uehub development audit signing key: never in production').digest();
/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An Ed25519 private key from its 32-byte seed. */
export function privateKeyFromSeed(seed: Buffer): KeyObject {
  if (seed.length !== 32) throw new Error('an Ed25519 seed has 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** The public half of the development key. */
export function developmentPublicKey(): KeyObject {
  return createPublicKey(privateKeyFromSeed(DEVELOPMENT_KEY_SEED));
}

/** SPKI DER prefix of an Ed25519 public key; the 32 raw bytes follow. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

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

/** Public keys by key id, as verifiers take them. */
export function keyMapOf(keys: readonly Pick<AuditPublicKey, 'x'>[]): Map<string, KeyObject> {
  return new Map(keys.map((key) => publicKeyFromRaw(key.x)).map((key) => [keyIdOf(key), key]));
}

/**
 * Public keys from a key file's text: what `GET /api/v1/audit/keys` returns (`{keys: [JWK...]}`),
 * one JWK, a PEM (SPKI), or the raw key in base64url. Key ids are derived, never trusted.
 */
export function parsePublicKeys(text: string): Map<string, KeyObject> {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    const key = createPublicKey(trimmed);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the key is ${key.asymmetricKeyType}, not Ed25519`);
    return new Map([[keyIdOf(key), key]]);
  }
  if (!trimmed.startsWith('{')) return keyMapOf([{ x: trimmed }]);
  const parsed: unknown = JSON.parse(trimmed);
  const list: unknown[] = isObject(parsed) && Array.isArray(parsed.keys) ? parsed.keys : [parsed];
  return keyMapOf(
    list.map((jwk) => {
      if (!isObject(jwk) || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('a key must be an Ed25519 JWK ({kty: "OKP", crv: "Ed25519", x})');
      return { x: jwk.x };
    }),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
