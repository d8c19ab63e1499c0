import { z } from 'zod';
import { DB_EVENT_STREAM_TYPES } from './db-events';
import { serviceOfEventType, type EventEnvelope } from './envelope';
import type { EventType } from './events';
import { ROLES } from './roles';
import { SAFETY_EVENT_STREAM_TYPES } from './safety-events';
import { eventTypeOfSubject } from './subjects';

const actorSchema = z.union([
  z.object({ kind: z.literal('user'), id: z.string().min(1), role: z.enum(ROLES), name: z.string().optional() }),
  z.object({ kind: z.literal('system'), id: z.string().min(1) }),
  z.object({ kind: z.literal('anonymous'), id: z.literal('anonymous') }),
]);

/** The envelope every consumer checks before applying an event from the wire. */
export const eventEnvelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/),
  schemaVersion: z.number().int().positive(),
  stream: z.object({ type: z.string().min(1), id: z.uuid(), version: z.number().int().positive() }),
  occurredAt: z.iso.datetime({ offset: true }),
  actor: actorSchema,
  correlationId: z.string().min(1),
  causationId: z.string().min(1),
  requestId: z.string().optional(),
  client: z.object({ ip: z.string().optional(), userAgent: z.string().optional() }).optional(),
  data: z.unknown(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).optional(),
}) satisfies z.ZodType<EventEnvelope>;

/** The stream type each event type is appended to (its aggregate): checked where events land. */
export const EVENT_STREAM_TYPES: { [K in EventType]: string } = {
  'auth.user.created': 'user',
  'auth.user.updated': 'user',
  'auth.user.role_changed': 'user',
  'auth.user.deactivated': 'user',
  'auth.user.reactivated': 'user',
  'auth.user.password_changed': 'user',
  'auth.session.login_succeeded': 'session',
  'auth.session.refresh_reused': 'session',
  'auth.session.login_failed': 'login',
  'inventory.item.created': 'item',
  'inventory.item.updated': 'item',
  'inventory.item.deleted': 'item',
  'inventory.item.assigned': 'item',
  'inventory.stock.received': 'item',
  'inventory.stock.issued': 'item',
  'inventory.stock.adjusted': 'item',
  'inventory.stock.transferred_out': 'item',
  'inventory.stock.transferred_in': 'item',
  'inventory.item.low_stock': 'item',
  'inventory.item.restocked': 'item',
  'timeclock.shift.started': 'shift',
  'timeclock.shift.ended': 'shift',
  'timeclock.break.started': 'shift',
  'timeclock.break.ended': 'shift',
  'timeclock.shift.corrected': 'shift',
  'timeclock.shift.flagged': 'shift',
  'timeclock.shift.note_added': 'shift',
  'timeclock.shift.correction_requested': 'shift',
  'timeclock.shift.correction_declined': 'shift',
  'timeclock.timesheet.submitted': 'timesheet',
  'timeclock.timesheet.approved': 'timesheet',
  'timeclock.timesheet.rejected': 'timesheet',
  'timeclock.timesheet.reopened': 'timesheet',
  'timeclock.settings.changed': 'settings',
  ...SAFETY_EVENT_STREAM_TYPES,
  ...DB_EVENT_STREAM_TYPES,
};

function isKnownEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_STREAM_TYPES, type);
}

/** The stream types each service owns (derived from the map above). */
const SERVICE_STREAM_TYPES = new Map<string, Set<string>>();
for (const [type, streamType] of Object.entries(EVENT_STREAM_TYPES)) {
  const service = serviceOfEventType(type);
  SERVICE_STREAM_TYPES.set(service, (SERVICE_STREAM_TYPES.get(service) ?? new Set()).add(streamType));
}

/**
 * Why an event's subject, service and stream type disagree, or undefined when they agree.
 * The subject must carry the event's own type (so a service's publish permission on
 * `<prefix>.events.<service>.>` covers only its own events), and the stream type must be the
 * one that type belongs to; a type this build does not know yet must at least name a stream
 * type of its service.
 */
export function eventOriginProblem(event: Pick<EventEnvelope, 'type' | 'stream'>, subject: string, prefix: string): string | undefined {
  const subjectType = eventTypeOfSubject(prefix, subject);
  if (subjectType !== event.type) {
    return `subject "${subject}" does not carry event type "${event.type}"`;
  }
  if (isKnownEventType(event.type)) {
    const expected = EVENT_STREAM_TYPES[event.type];
    return event.stream.type === expected ? undefined : `${event.type} belongs to stream type "${expected}", not "${event.stream.type}"`;
  }
  const service = serviceOfEventType(event.type);
  const owned = SERVICE_STREAM_TYPES.get(service);
  if (!owned) return `no service "${service}" publishes events`;
  return owned.has(event.stream.type) ? undefined : `service "${service}" has no stream type "${event.stream.type}"`;
}
