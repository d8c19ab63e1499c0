import { ACTION_PRIORITIES, ACTION_STATUSES, TEMPLATE_ITEM_KINDS } from '@uehub/contracts';

/** Response schemas of the safety routes: the views of libs/contracts/src/safety.ts. */
type Schema = Record<string, unknown>;
const str = { type: 'string' };
const uuid = { type: 'string', format: 'uuid' };
const int = { type: 'integer' };
const num = { type: 'number' };
const bool = { type: 'boolean' };
const dateTime = { type: 'string', format: 'date-time' };
const nullable = (schema: Schema) => ({ ...schema, type: [schema.type, 'null'] });
const strings = { type: 'array', items: str };
const answerValue = { type: ['string', 'number'] };
const object = (properties: Record<string, unknown>, optional: string[] = []): Schema => ({
  type: 'object',
  required: Object.keys(properties).filter((name) => !optional.includes(name)),
  properties,
});
const arrayOf = (items: Schema) => ({ type: 'array', items });

const itemProperties = {
  id: str,
  label: str,
  kind: { type: 'string', enum: [...TEMPLATE_ITEM_KINDS] },
  required: bool,
  critical: bool,
  unit: str,
  min: num,
  max: num,
  options: strings,
  failingOptions: strings,
};
const ITEM_OPTIONAL = ['unit', 'min', 'max', 'options', 'failingOptions'];
const templateItem = object(itemProperties, ITEM_OPTIONAL);
const templateVersion = object({
  name: str,
  category: str,
  sections: arrayOf(object({ title: str, items: arrayOf(templateItem) })),
  version: int,
  status: { type: 'string', enum: ['draft', 'published'] },
});

export const safetyViewSchemas: Record<string, Schema> = {
  SafetyTemplate: object({
    id: uuid,
    name: str,
    category: str,
    status: { type: 'string', enum: ['draft', 'published', 'archived'] },
    latestVersion: int,
    publishedVersion: nullable(int),
    versions: arrayOf(templateVersion),
    version: int,
    createdAt: dateTime,
    updatedAt: dateTime,
  }),
  SafetyInspection: object({
    id: uuid,
    templateId: uuid,
    templateVersion: int,
    templateName: str,
    site: str,
    assetId: nullable(str),
    inspectorId: uuid,
    status: { type: 'string', enum: ['in_progress', 'completed'] },
    items: arrayOf(object({ ...itemProperties, section: str }, ITEM_OPTIONAL)),
    answers: arrayOf(object({ itemId: str, value: answerValue, note: nullable(str), answerId: str, answeredBy: uuid, answeredAt: dateTime, evidence: strings })),
    score: nullable(num),
    result: { type: ['string', 'null'], enum: ['pass', 'fail', null] },
    failedItemIds: strings,
    completedAt: nullable(dateTime),
    signatures: arrayOf(object({ role: { type: 'string', enum: ['inspector', 'countersigner'] }, userId: uuid, at: dateTime, answersDigest: str })),
    amendments: arrayOf(object({ itemId: str, from: { type: ['string', 'number', 'null'] }, to: answerValue, reason: str, by: uuid, at: dateTime })),
    version: int,
    createdAt: dateTime,
    updatedAt: dateTime,
  }),
  SafetySummaryReport: object({
    from: dateTime,
    to: dateTime,
    groupBy: { type: 'string', enum: ['site', 'template'] },
    groups: arrayOf(object({ key: str, done: int, failed: int, missed: int })),
    actions: arrayOf(object({ priority: { type: 'string', enum: [...ACTION_PRIORITIES] }, open: int, overdue: int })),
  }),
  SafetyAction: object({
    id: uuid,
    source: { type: 'string', enum: ['inspection', 'manual'] },
    inspectionId: nullable(uuid),
    itemId: nullable(str),
    title: str,
    description: nullable(str),
    priority: { type: 'string', enum: [...ACTION_PRIORITIES] },
    assigneeId: nullable(uuid),
    dueAt: dateTime,
    status: { type: 'string', enum: [...ACTION_STATUSES] },
    resolution: { ...object({ note: str, evidence: strings, by: uuid, at: dateTime }), type: ['object', 'null'] },
    verifiedBy: nullable(uuid),
    cancelReason: nullable(str),
    overdue: bool,
    overdueNotified: bool,
    version: int,
    createdAt: dateTime,
    updatedAt: dateTime,
  }),
};
