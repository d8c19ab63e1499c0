import type { ActionPriority, AnswerValue, InspectionResult, TemplateContent, TemplateItem } from './safety';
import type { ScheduleFields } from './safety-schedules';

/** The safety service's events (part of the one typed map, `EventPayloads`). */
export interface SafetyEventPayloads {
  'safety.template.created': TemplateContent;
  /** A draft saved: the latest draft version changed, or (after a publication) version + 1 begun. */
  'safety.template.draft_saved': TemplateContent & { version: number };
  'safety.template.published': { version: number };
  'safety.template.archived': Record<string, never>;
  'safety.inspection.started': {
    templateId: string;
    templateVersion: number;
    templateName: string;
    items: (TemplateItem & { section: string })[];
    site: string;
    assetId: string | null;
    inspectorId: string;
  };
  'safety.inspection.answered': { answerId: string; itemId: string; value: AnswerValue; note: string | null; by: string; at: string };
  /** A photo stored under its SHA-256 (hex) and attached to an answer: the hash proves the bytes. */
  'safety.inspection.evidence_attached': { itemId: string; sha256: string; contentType: string; size: number; by: string; at: string };
  'safety.inspection.completed': { score: number; result: InspectionResult; failedItemIds: string[]; answersDigest: string; at: string };
  'safety.inspection.signed': { role: 'inspector' | 'countersigner'; userId: string; at: string; answersDigest: string };
  'safety.inspection.amended': {
    itemId: string;
    from: AnswerValue | null;
    to: AnswerValue;
    reason: string;
    by: string;
    at: string;
    score: number;
    result: InspectionResult;
    failedItemIds: string[];
    answersDigest: string;
  };
  'safety.action.opened': {
    source: 'inspection' | 'manual';
    inspectionId: string | null;
    itemId: string | null;
    title: string;
    description: string | null;
    priority: ActionPriority;
    assigneeId: string | null;
    dueAt: string;
  };
  'safety.action.updated': { title?: string; description?: string | null; priority?: ActionPriority; assigneeId?: string | null; dueAt?: string };
  'safety.action.started': { by: string; at: string };
  'safety.action.resolved': { note: string; evidence: string[]; by: string; at: string };
  'safety.action.verified': { by: string; at: string };
  'safety.action.cancelled': { reason: string; by: string; at: string };
  /** Emitted once when an open action passes its due date (again only after a new due date). */
  'safety.action.overdue': { dueAt: string; at: string };
  'safety.schedule.created': ScheduleFields & { templateId: string };
  'safety.schedule.updated': Partial<ScheduleFields>;
  'safety.schedule.deleted': { by: string; at: string };
  /** An occurrence of a schedule ended with no completed inspection (stream: the occurrence, id derived from schedule and start). */
  'safety.inspection.missed': { scheduleId: string; templateId: string; site: string; assigneeId: string; startsAt: string; endsAt: string; at: string };
}

type SafetyEventType = keyof SafetyEventPayloads;

export const SAFETY_EVENT_SCHEMA_VERSIONS: { [K in SafetyEventType]: number } = {
  'safety.template.created': 1,
  'safety.template.draft_saved': 1,
  'safety.template.published': 1,
  'safety.template.archived': 1,
  'safety.inspection.started': 1,
  'safety.inspection.answered': 1,
  'safety.inspection.evidence_attached': 1,
  'safety.inspection.completed': 1,
  'safety.inspection.signed': 1,
  'safety.inspection.amended': 1,
  'safety.action.opened': 1,
  'safety.action.updated': 1,
  'safety.action.started': 1,
  'safety.action.resolved': 1,
  'safety.action.verified': 1,
  'safety.action.cancelled': 1,
  'safety.action.overdue': 1,
  'safety.schedule.created': 1,
  'safety.schedule.updated': 1,
  'safety.schedule.deleted': 1,
  'safety.inspection.missed': 1,
};

/** Events whose stream is not named by their second segment: a missed inspection is an event of the schedule's occurrence. */
const STREAM_EXCEPTIONS: Partial<Record<SafetyEventType, string>> = { 'safety.inspection.missed': 'occurrence' };

const streamOf = (type: SafetyEventType): string => STREAM_EXCEPTIONS[type] ?? type.split('.')[1];

/** The stream type of each safety event: its second segment (`template`, `inspection`, `action`, `schedule`) unless listed above. */
export const SAFETY_EVENT_STREAM_TYPES = Object.fromEntries(
  Object.keys(SAFETY_EVENT_SCHEMA_VERSIONS).map((type) => [type, streamOf(type as SafetyEventType)]),
) as { [K in SafetyEventType]: string };
