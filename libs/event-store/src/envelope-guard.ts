import { eventEnvelopeSchema, eventOriginProblem, type EventEnvelope } from '@uehub/contracts';

/** A refused event that had a valid envelope keeps its id (for the dead letter). */
export type ParsedEnvelope = { ok: true; event: EventEnvelope } | { ok: false; error: string; eventId?: string };

/**
 * Parses and checks a raw message as it lands: the envelope schema of the contracts, then
 * whether its subject, service and stream type agree (a forged or misrouted event is refused,
 * never applied). A failure says why, for the dead-letter table.
 */
export function parseEnvelope(raw: string, subject: string, prefix: string): ParsedEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'event is not valid JSON' };
  }
  const result = eventEnvelopeSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return { ok: false, error: `event envelope is not valid: ${issues}` };
  }
  const problem = eventOriginProblem(result.data, subject, prefix);
  if (problem) return { ok: false, error: `event refused: ${problem}`, eventId: result.data.id };
  return { ok: true, event: result.data };
}
