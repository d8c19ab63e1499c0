import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DEVELOPMENT_KEY_SEED, privateKeyFromSeed, keyIdOf, publicKeyFromRaw, rawPublicKey, type AuditPublicKey } from '@uehub/audit-verify';

export { keyIdOf, publicKeyFromRaw, rawPublicKey, type AuditPublicKey };

export interface AuditSigningKeys {
  kid: string;
  privateKey: KeyObject;
  /** Current first, then retired keys, by key id. */
  publicKeys: AuditPublicKey[];
}

/** An Ed25519 private key from a PEM (PKCS#8) or a base64 32-byte seed. */
export function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----BEGIN')
    ? createPrivateKey(trimmed)
    : privateKeyFromSeed(seedOf(trimmed));
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
    privateKey = text ? parsePrivateKey(text) : parsePrivateKey(DEVELOPMENT_KEY_SEED.toString('base64'));
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
