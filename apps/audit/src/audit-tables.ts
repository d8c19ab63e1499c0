import { EVENT_CONSUMERS } from '@uehub/contracts';
import { storeTables } from '@uehub/event-store';

/** The schema the audit service owns. */
export const AUDIT_SCHEMA = 'audit';
/** Inbox, dead letters (and the unused events/outbox) of the audit service. */
export const AUDIT_STORE_TABLES = storeTables(AUDIT_SCHEMA);
/** The hash-chained, append-only audit log. */
export const AUDIT_RECORDS = `${AUDIT_SCHEMA}.audit_records`;
/** Signed checkpoints over ranges of the log (copies are kept outside PostgreSQL too). */
export const AUDIT_CHECKPOINTS = `${AUDIT_SCHEMA}.audit_checkpoints`;
/** Legal holds: records they cover are never purged while the hold is active. */
export const AUDIT_LEGAL_HOLDS = `${AUDIT_SCHEMA}.audit_legal_holds`;
/** Durable JetStream consumer shared by every audit replica (its name is the one NATS permits). */
export const AUDIT_DURABLE = EVENT_CONSUMERS.audit[0];
/** Tables readiness expects in the audit schema. */
export const AUDIT_TABLE_NAMES = ['audit_records', 'audit_events', 'audit_outbox', 'audit_inbox', 'audit_dead_letters', 'audit_checkpoints', 'audit_legal_holds'];
