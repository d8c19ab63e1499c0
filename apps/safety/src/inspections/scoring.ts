import { createHash } from 'node:crypto';
import type { AnswerValue, AnswerView, InspectionResult, TemplateItem } from '@uehub/contracts';
import { AppError } from '@uehub/errors';

export type Outcome = 'pass' | 'fail' | 'na' | 'answered';
const SCORABLE = new Set(['check', 'number', 'choice']);

/** Refuses a value that does not fit the item's kind (400, naming the item). */
export function assertValueFits(item: TemplateItem, value: AnswerValue): void {
  const refuse = (message: string) => {
    throw new AppError('VALIDATION_FAILED', `The answer to "${item.id}" ${message}`, [{ path: 'value', message }]);
  };
  switch (item.kind) {
    case 'check':
      if (value !== 'pass' && value !== 'fail' && value !== 'na') refuse('must be pass, fail or na');
      return;
    case 'number':
      if (typeof value !== 'number') refuse('must be a number');
      return;
    case 'choice':
      if (typeof value !== 'string' || !item.options?.includes(value)) refuse(`must be one of ${JSON.stringify(item.options ?? [])}`);
      return;
    default:
      if (typeof value !== 'string' || value.length === 0) refuse('must be text');
  }
}

/** What an answer means for the score: numbers outside the range and failing options fail. */
export function outcomeOf(item: TemplateItem, value: AnswerValue): Outcome {
  switch (item.kind) {
    case 'check':
      return value === 'pass' ? 'pass' : value === 'fail' ? 'fail' : 'na';
    case 'number': {
      const n = Number(value);
      return (item.min === undefined || n >= item.min) && (item.max === undefined || n <= item.max) ? 'pass' : 'fail';
    }
    case 'choice':
      return item.failingOptions?.includes(String(value)) ? 'fail' : 'pass';
    default:
      return 'answered';
  }
}

export interface Scored {
  score: number;
  result: InspectionResult;
  failedItemIds: string[];
}

/**
 * Score = answered passes over scorable items (check, number, choice; an `na` answer takes the
 * item out), as a percentage with one decimal; the result fails on any failed critical item.
 */
export function scoreOf(items: TemplateItem[], answers: Record<string, { value: AnswerValue }>): Scored {
  let scorable = 0;
  let passes = 0;
  const failedItemIds: string[] = [];
  let criticalFailure = false;
  for (const item of items) {
    const answer = answers[item.id];
    const outcome = answer ? outcomeOf(item, answer.value) : undefined;
    if (outcome === 'fail') {
      failedItemIds.push(item.id);
      criticalFailure ||= item.critical;
    }
    if (!SCORABLE.has(item.kind) || outcome === 'na') continue;
    scorable++;
    if (outcome === 'pass') passes++;
  }
  const score = scorable === 0 ? 100 : Math.round((1000 * passes) / scorable) / 10;
  return { score, result: criticalFailure ? 'fail' : 'pass', failedItemIds };
}

/** Required items without an answer, in template order. */
export function missingRequired(items: TemplateItem[], answers: Record<string, unknown>): string[] {
  return items.filter((item) => item.required && !answers[item.id]).map((item) => item.id);
}

/** SHA-256 (hex) of the answers as canonical JSON sorted by item id: what a signature signs. */
export function answersDigest(answers: Record<string, Pick<AnswerView, 'itemId' | 'value' | 'note' | 'evidence'>>): string {
  const canonical = Object.keys(answers)
    .sort()
    .map((id) => [id, answers[id].value, answers[id].note, [...answers[id].evidence].sort()]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
