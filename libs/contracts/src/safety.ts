import type { PageQuery } from './pagination';
import type { SafetySchedulePatterns } from './safety-schedules';
import type { Page } from './users';

export const TEMPLATE_ITEM_KINDS = ['check', 'number', 'text', 'choice', 'photo', 'signature'] as const;
export type TemplateItemKind = (typeof TEMPLATE_ITEM_KINDS)[number];
export const ACTION_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type ActionPriority = (typeof ACTION_PRIORITIES)[number];
export const ACTION_STATUSES = ['open', 'in_progress', 'resolved', 'verified', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export type InspectionResult = 'pass' | 'fail';
export type InspectionStatus = 'in_progress' | 'completed';

/** One item of a checklist template; `id` is the template author's key, stable across versions. */
export interface TemplateItem {
  id: string;
  label: string;
  kind: TemplateItemKind;
  required: boolean;
  critical: boolean;
  /** `number` items: unit and acceptable range (inclusive). */
  unit?: string;
  min?: number;
  max?: number;
  /** `choice` items: the options, and those that count as a failure. */
  options?: string[];
  failingOptions?: string[];
}

export interface TemplateSection {
  title: string;
  items: TemplateItem[];
}

/** What a template author writes: the content of one version. */
export interface TemplateContent {
  name: string;
  category: string;
  sections: TemplateSection[];
}

export interface TemplateVersionView extends TemplateContent {
  version: number;
  status: 'draft' | 'published';
}

export interface TemplateView {
  id: string;
  name: string;
  category: string;
  status: 'draft' | 'published' | 'archived';
  latestVersion: number;
  publishedVersion: number | null;
  versions: TemplateVersionView[];
  /** Stream version (ETag). */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** `check`: pass / fail / na; `number`: a number; `choice`: an option; text, photo caption, signature: text. */
export type AnswerValue = string | number;

export interface AnswerView {
  itemId: string;
  value: AnswerValue;
  note: string | null;
  answerId: string;
  answeredBy: string;
  answeredAt: string;
  /** SHA-256 (hex) of the photos attached to this answer. */
  evidence: string[];
}

export interface SignatureView {
  role: 'inspector' | 'countersigner';
  userId: string;
  at: string;
  /** SHA-256 of the answers signed (canonical JSON, by item id). */
  answersDigest: string;
}

export interface AmendmentView {
  itemId: string;
  from: AnswerValue | null;
  to: AnswerValue;
  reason: string;
  by: string;
  at: string;
}

export interface InspectionView {
  id: string;
  templateId: string;
  templateVersion: number;
  templateName: string;
  site: string;
  assetId: string | null;
  inspectorId: string;
  status: InspectionStatus;
  items: (TemplateItem & { section: string })[];
  answers: AnswerView[];
  score: number | null;
  result: InspectionResult | null;
  failedItemIds: string[];
  completedAt: string | null;
  signatures: SignatureView[];
  amendments: AmendmentView[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ActionView {
  id: string;
  source: 'inspection' | 'manual';
  inspectionId: string | null;
  itemId: string | null;
  title: string;
  description: string | null;
  priority: ActionPriority;
  assigneeId: string | null;
  dueAt: string;
  status: ActionStatus;
  resolution: { note: string; evidence: string[]; by: string; at: string } | null;
  verifiedBy: string | null;
  cancelReason: string | null;
  overdue: boolean;
  /** Whether `safety.action.overdue` was emitted for the current due date. */
  overdueNotified: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface StartInspectionInput {
  templateId: string;
  site: string;
  assetId?: string | null;
  inspectorId?: string;
}
export interface AnswerInput {
  answerId: string;
  value: AnswerValue;
  note?: string | null;
}
export interface AmendInput {
  itemId: string;
  value: AnswerValue;
  reason: string;
}
export interface CreateActionInput {
  title: string;
  description?: string | null;
  priority?: ActionPriority;
  assigneeId?: string | null;
  dueAt?: string;
  inspectionId?: string | null;
}
export interface UpdateActionInput {
  title?: string;
  description?: string | null;
  priority?: ActionPriority;
  assigneeId?: string | null;
  dueAt?: string;
  status?: 'in_progress';
}
export interface ListTemplatesQuery extends PageQuery {
  status?: 'draft' | 'published' | 'archived';
}
export interface ListInspectionsQuery extends PageQuery {
  site?: string;
  templateId?: string;
  result?: InspectionResult;
  status?: InspectionStatus;
  from?: string;
  to?: string;
}
export interface ListActionsQuery extends PageQuery {
  status?: ActionStatus;
  priority?: ActionPriority;
  assigneeId?: string;
  overdue?: boolean;
  /** Only open and in-progress actions, soonest due first (the assignee's to-do list). */
  open?: boolean;
  /** Open actions whose assignee was deactivated: they need a new owner. */
  needsOwner?: boolean;
}

/** Photo types accepted as evidence (checked from the bytes, not the declared type). */
export const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** Bytes per part when a photo travels over the bus (base64 keeps a part well under NATS's 1 MB). */
export const EVIDENCE_PART_BYTES = 512 * 1024;
/** Default largest photo (bytes); `SAFETY_EVIDENCE_MAX_BYTES` on the gateway and the service. */
export const DEFAULT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

/** A photo sent in parts: `parts` parts of the upload, then its SHA-256 (hex) and size. */
export interface EvidenceUpload {
  uploadId: string;
  parts: number;
  sha256: string;
  size: number;
}

export interface SummaryQuery {
  from: string;
  to: string;
  groupBy: 'site' | 'template';
}

/** Inspections completed (failed) in [from, to) and scheduled occurrences missed that ended then, per site or template; the open actions now. */
export interface SummaryReport {
  from: string;
  to: string;
  groupBy: 'site' | 'template';
  groups: { key: string; done: number; failed: number; missed: number }[];
  actions: { priority: ActionPriority; open: number; overdue: number }[];
}

type Cmd<R, P> = { request: R; reply: P };
type WithId<T = object> = { id: string } & T;

/** The safety service's request/reply patterns. */
export interface SafetyRpcPatterns extends SafetySchedulePatterns {
  'safety.templates.create': Cmd<TemplateContent, TemplateView>;
  'safety.templates.get': Cmd<WithId, TemplateView>;
  'safety.templates.list': Cmd<ListTemplatesQuery, Page<TemplateView>>;
  'safety.templates.update': Cmd<WithId<{ expectedVersion?: number; content: TemplateContent }>, TemplateView>;
  'safety.templates.publish': Cmd<WithId<{ expectedVersion?: number }>, TemplateView>;
  'safety.templates.archive': Cmd<WithId<{ expectedVersion?: number }>, TemplateView>;
  'safety.inspections.start': Cmd<StartInspectionInput, InspectionView>;
  'safety.inspections.get': Cmd<WithId, InspectionView>;
  'safety.inspections.list': Cmd<ListInspectionsQuery, Page<InspectionView>>;
  'safety.inspections.answer': Cmd<WithId<{ itemId: string; answer: AnswerInput }>, InspectionView>;
  'safety.inspections.complete': Cmd<WithId<{ expectedVersion?: number }>, InspectionView>;
  'safety.inspections.sign': Cmd<WithId<{ expectedVersion?: number }>, InspectionView>;
  'safety.inspections.amend': Cmd<WithId<{ expectedVersion?: number; amendment: AmendInput }>, InspectionView>;
  'safety.evidence.upload_part': Cmd<{ uploadId: string; index: number; data: string }, { ok: true }>;
  'safety.inspections.evidence': Cmd<WithId<{ itemId: string; upload: EvidenceUpload }>, InspectionView>;
  'safety.evidence.get': Cmd<{ sha256: string; part: number }, { contentType: string; size: number; parts: number; data: string }>;
  'safety.inspections.report': Cmd<WithId, { pdf: string }>;
  'safety.reports.summary': Cmd<SummaryQuery, SummaryReport>;
  'safety.actions.create': Cmd<CreateActionInput, ActionView>;
  'safety.actions.get': Cmd<WithId, ActionView>;
  'safety.actions.list': Cmd<ListActionsQuery, Page<ActionView>>;
  'safety.actions.update': Cmd<WithId<{ expectedVersion?: number; patch: UpdateActionInput }>, ActionView>;
  'safety.actions.resolve': Cmd<WithId<{ expectedVersion?: number; note: string }>, ActionView>;
  'safety.actions.verify': Cmd<WithId<{ expectedVersion?: number }>, ActionView>;
  'safety.actions.cancel': Cmd<WithId<{ expectedVersion?: number; reason: string }>, ActionView>;
}
