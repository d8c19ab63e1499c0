import { DEFAULT_EVIDENCE_MAX_BYTES } from '@uehub/contracts';
import { z } from 'zod';

/** Settings of the safety service beyond the shared service configuration. */
export interface SafetySettings {
  /** Largest photo in bytes (`SAFETY_EVIDENCE_MAX_BYTES`, default 10 MB; the gateway reads the same variable). */
  evidenceMaxBytes: number;
  /** How often open actions past due are looked for (`SAFETY_OVERDUE_SWEEP_SECONDS`, default 60). */
  overdueSweepMs: number;
}

export const SAFETY_SETTINGS = Symbol('SAFETY_SETTINGS');

const schema = z.object({
  SAFETY_OVERDUE_SWEEP_SECONDS: z.coerce.number().min(1).max(86_400).default(60),
  SAFETY_EVIDENCE_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(DEFAULT_EVIDENCE_MAX_BYTES),
});

export function loadSafetySettings(env: NodeJS.ProcessEnv = process.env): SafetySettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`Safety configuration is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { evidenceMaxBytes: parsed.data.SAFETY_EVIDENCE_MAX_BYTES, overdueSweepMs: parsed.data.SAFETY_OVERDUE_SWEEP_SECONDS * 1000 };
}
