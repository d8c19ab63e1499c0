import { resolve } from 'node:path';
import { loadSigningKeys, type AuditSigningKeys } from './signing-keys';

/** How checkpoints are made and where their copies go. */
export interface CheckpointSettings {
  keys: AuditSigningKeys;
  /** A checkpoint is signed at least this often, even over no new records (ms). */
  intervalMs: number;
  /** Records per checkpoint at most; a full range is signed at once. */
  maxRecords: number;
  /** Directory of checkpoint files (`AUDIT_CHECKPOINT_DIR`, default `var/audit-checkpoints/<prefix>`); empty disables the file copy. */
  dir?: string;
  /** Also write each checkpoint to the deny-delete JetStream stream (default true). */
  stream: boolean;
}

export const DEFAULT_CHECKPOINT_INTERVAL_MS = 60_000;
export const DEFAULT_CHECKPOINT_RECORDS = 1000;

/** Reads the checkpoint settings from the environment; production without a signing key throws. */
export function loadCheckpointSettings(env: NodeJS.ProcessEnv, production: boolean, subjectPrefix: string): CheckpointSettings {
  const seconds = env.AUDIT_CHECKPOINT_INTERVAL_SECONDS ? Number(env.AUDIT_CHECKPOINT_INTERVAL_SECONDS) : DEFAULT_CHECKPOINT_INTERVAL_MS / 1000;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 60) {
    throw new Error(`AUDIT_CHECKPOINT_INTERVAL_SECONDS "${env.AUDIT_CHECKPOINT_INTERVAL_SECONDS}" is not valid: use a whole number from 1 to 60`);
  }
  const dir = env.AUDIT_CHECKPOINT_DIR === undefined ? resolve('var/audit-checkpoints', subjectPrefix) : env.AUDIT_CHECKPOINT_DIR.trim() || undefined;
  return {
    keys: loadSigningKeys(env, production),
    intervalMs: seconds * 1000,
    maxRecords: DEFAULT_CHECKPOINT_RECORDS,
    dir,
    stream: env.AUDIT_CHECKPOINT_STREAM !== 'off',
  };
}

/** The checkpoint settings of a running audit service, from the process environment. */
export function checkpointSettingsOf(config: { production: boolean; subjectPrefix: string }): CheckpointSettings {
  return loadCheckpointSettings(process.env, config.production, config.subjectPrefix);
}
