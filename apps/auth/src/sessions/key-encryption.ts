import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';

const VERSION = 'v1';

/**
 * Seals a private JWK with AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>` (base64url). The key id is
 * the additional authenticated data, so a sealed key copied onto another row does not open.
 */
export function sealPrivateKey(kek: Buffer, kid: string, jwk: JWK): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(kid));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(jwk), 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** Opens a sealed private JWK; a wrong key-encryption key or a tampered value throws. */
export function openPrivateKey(kek: Buffer, kid: string, sealed: string): JWK {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || !ciphertext) throw new Error(`Signing key ${kid} is not sealed in a known format`);
  const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(kid));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as JWK;
  } catch {
    throw new Error(`Signing key ${kid} does not open with AUTH_KEY_ENCRYPTION_KEY (wrong key, or the row was altered)`);
  }
}
