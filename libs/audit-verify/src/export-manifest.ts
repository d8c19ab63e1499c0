import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { ExportManifest } from './export-format.ts';

/** `manifest.json` (canonical JSON) and `manifest.sig` (Ed25519 over exactly those bytes, base64url). */
export function signManifest(manifest: ExportManifest, privateKey: KeyObject): { text: string; signature: string } {
  const text = canonicalJson(manifest);
  return { text, signature: sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64url') };
}

export function manifestSignatureValid(text: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(text, 'utf8'), publicKey, Buffer.from(signature.trim(), 'base64url'));
  } catch {
    return false;
  }
}
