import type { EventEnvelope } from '@uehub/contracts';
import { z } from 'zod';

const actor = z.union([
  z.object({ kind: z.literal('user'), id: z.string(), role: z.string(), name: z.string().optional() }),
  z.object({ kind: z.literal('system'), id: z.string() }),
  z.object({ kind: z.literal('anonymous'), id: z.literal('anonymous') }),
]);

/** The shape every consumer checks before applying an event from the wire. */
const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(/^[a-z_]+\.[a-z_]+\.[a-z_]+$/),
  schemaVersion: z.number().int().positive(),
  stream: z.object({ type: z.string().min(1), id: z.uuid(), version: z.number().int().positive() }),
  occurredAt: z.iso.datetime({ offset: true }),
  actor,
  correlationId: z.string().min(1),
  causationId: z.string().min(1),
  requestId: z.string().optional(),
  client: z.object({ ip: z.string().optional(), userAgent: z.string().optional() }).optional(),
  data: z.unknown(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).optional(),
});

export type ParsedEnvelope = { ok: true; event: EventEnvelope } | { ok: false; error: string };

/** Parses and checks a raw message; a failure says why, for the dead-letter table. */
export function parseEnvelope(raw: string): ParsedEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'event is not valid JSON' };
  }
  const result = envelopeSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return { ok: false, error: `event envelope is not valid: ${issues}` };
  }
  return { ok: true, event: result.data as EventEnvelope };
}
