import { DEFAULT_EVIDENCE_MAX_BYTES } from '@uehub/contracts';
import { z } from 'zod';

/** Settings of the safety service beyond the shared service configuration. */
export interface SafetySettings {
  /** Largest photo in bytes (`SAFETY_EVIDENCE_MAX_BYTES`, default 10 MB; the gateway reads the same variable). */
  evidenceMaxBytes: number;
  /** How often open actions past due are looked for (`SAFETY_OVERDUE_SWEEP_SECONDS`, default 60). */
  overdueSweepMs: number;
  /** How often ended schedule occurrences are judged for `safety.inspection.missed` (`SAFETY_MISSED_SWEEP_SECONDS`, default 60). */
  missedSweepMs: number;
}

export const SAFETY_SETTINGS = Symbol('SAFETY_SETTINGS');

const schema = z.object({
  SAFETY_OVERDUE_SWEEP_SECONDS: z.coerce.number().min(1).max(86_400).default(60),
  SAFETY_MISSED_SWEEP_SECONDS: z.coerce.number().min(0.1).max(86_400).default(60),
  SAFETY_EVIDENCE_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(DEFAULT_EVIDENCE_MAX_BYTES),
});

export function loadSafetySettings(env: NodeJS.ProcessEnv = process.env): SafetySettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`Safety configuration is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const { SAFETY_EVIDENCE_MAX_BYTES, SAFETY_OVERDUE_SWEEP_SECONDS, SAFETY_MISSED_SWEEP_SECONDS } = parsed.data;
  return { evidenceMaxBytes: SAFETY_EVIDENCE_MAX_BYTES, overdueSweepMs: SAFETY_OVERDUE_SWEEP_SECONDS * 1000, missedSweepMs: SAFETY_MISSED_SWEEP_SECONDS * 1000 };
}
