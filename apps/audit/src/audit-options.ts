import type { CheckpointSettings } from './checkpoints/checkpoint-settings';

/** Tuning of the audit service that does not come from the environment (tests shorten the retries). */
export interface AuditOptions {
  consumer?: {
    /** Deliveries before an event is dead-lettered (default 5). */
    maxDeliver?: number;
    /** Redelivery delays in ms, one per retry; the last repeats. */
    backoffMs?: number[];
    /** Events applied per transaction (default 500). */
    batchSize?: number;
  };
  /** Scheduled verification interval in ms (0: off); `AUDIT_VERIFY_INTERVAL_SECONDS` when absent. */
  verifyIntervalMs?: number;
  /** Signing key, interval and copies of the checkpoints; read from the environment when absent. */
  checkpoints?: CheckpointSettings;
}

export const AUDIT_OPTIONS = Symbol('AUDIT_OPTIONS');
