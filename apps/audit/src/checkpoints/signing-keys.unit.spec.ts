import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointSignatureValid, signCheckpoint, type CheckpointBody } from '@uehub/audit-verify';
import { loadCheckpointSettings } from './checkpoint-settings';
import { keyIdOf, loadSigningKeys, publicKeyFromRaw, rawPublicKey } from './signing-keys';

const body: CheckpointBody = {
  version: 1,
  checkpoint: 1,
  firstSeq: 1,
  lastSeq: 3,
  count: 3,
  headHash: 'a'.repeat(64),
  prevDigest: '0'.repeat(64),
  time: '2026-11-27T23:00:00.000000Z',
  keyId: 'k',
};

describe('audit signing keys', () => {
  it('should refuse to start in production without a key', () => {
    expect(() => loadSigningKeys({}, true)).toThrow('AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE is required in production');
    expect(() => loadCheckpointSettings({ NODE_ENV: 'production' }, true, 'uehub')).toThrow(/required in production/);
  });

  it('should use the fixed development key outside production only', () => {
    const a = loadSigningKeys({}, false);
    expect(a.kid).toBe(loadSigningKeys({}, false).kid);
    expect(a.publicKeys).toEqual([expect.objectContaining({ kid: a.kid, status: 'current', kty: 'OKP', crv: 'Ed25519' })]);
  });

  it('should read a base64 seed, a PEM file, and list retired public keys', () => {
    const seed = Buffer.alloc(32, 7).toString('base64');
    const fromSeed = loadSigningKeys({ AUDIT_SIGNING_KEY: seed }, true);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const dir = mkdtempSync(join(tmpdir(), 'audit-key-'));
    try {
      const file = join(dir, 'audit.pem');
      writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }));
      const retired = fromSeed.publicKeys[0].x;
      const keys = loadSigningKeys({ AUDIT_SIGNING_KEY_FILE: file, AUDIT_RETIRED_PUBLIC_KEYS: retired }, true);
      expect(keys.kid).toBe(keyIdOf(publicKey));
      expect(keys.publicKeys.map((k) => [k.kid, k.status])).toEqual([
        [keyIdOf(publicKey), 'current'],
        [fromSeed.kid, 'retired'],
      ]);
      expect(rawPublicKey(publicKeyFromRaw(keys.publicKeys[0].x)).equals(rawPublicKey(publicKey))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should name a bad key without printing it', () => {
    expect(() => loadSigningKeys({ AUDIT_SIGNING_KEY: 'c2VjcmV0' }, true)).toThrow(
      'The audit signing key is not valid: a base64 key must hold the 32-byte Ed25519 seed (or give a PKCS#8 PEM)',
    );
    expect(() => loadSigningKeys({ AUDIT_SIGNING_KEY_FILE: '/nonexistent/key' }, true)).toThrow('AUDIT_SIGNING_KEY_FILE cannot be read: ENOENT');
  });

  it('should verify a signature only with the signing key and only over the unchanged body', () => {
    const keys = loadSigningKeys({}, false);
    const signed = signCheckpoint(body, keys.privateKey);
    expect(checkpointSignatureValid(signed, publicKeyFromRaw(keys.publicKeys[0].x))).toBe(true);
    expect(checkpointSignatureValid({ ...signed, count: 4 }, publicKeyFromRaw(keys.publicKeys[0].x))).toBe(false);
    expect(checkpointSignatureValid(signed, generateKeyPairSync('ed25519').publicKey)).toBe(false);
  });
});
