import type { AmendmentView, AnswerValue, AnswerView, EventPayloads, InspectionResult, RequestContext, SignatureView } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import type { Decider, NewEvent } from '@uehub/event-store';
import { answersDigest, assertValueFits, missingRequired, scoreOf } from './scoring';

type Started = EventPayloads['safety.inspection.started'];

/** An inspection stream folded. `answerIds` remembers every client answer id, so a retried save changes nothing. */
export type InspectionState =
  | (Started & {
      status: 'in_progress' | 'completed';
      answers: Record<string, AnswerView>;
      answerIds: Record<string, { itemId: string; value: AnswerValue }>;
      score: number | null;
      result: InspectionResult | null;
      failedItemIds: string[];
      completedAt: string | null;
      signatures: SignatureView[];
      amendments: AmendmentView[];
    })
  | null;

export type InspectionCommand =
  | { kind: 'start'; started: Started }
  | { kind: 'answer'; itemId: string; answerId: string; value: AnswerValue; note: string | null; at: string }
  | { kind: 'attach_evidence'; itemId: string; sha256: string; contentType: string; size: number; at: string }
  | { kind: 'complete'; at: string }
  | { kind: 'countersign'; at: string }
  | { kind: 'amend'; itemId: string; value: AnswerValue; reason: string; at: string };

/** Inspection rules: partial saves, completion with score and result, sealed afterwards but for amendments. */
export function decideInspection(command: InspectionCommand, state: InspectionState, context: RequestContext): NewEvent[] {
  const by = context.actor.id;
  if (command.kind === 'start') {
    if (state) throw new AppError('ALREADY_EXISTS', 'The inspection exists already');
    return [{ type: 'safety.inspection.started', data: command.started }];
  }
  if (!state) throw new AppError('NOT_FOUND', 'No such inspection');
  switch (command.kind) {
    case 'answer': {
      const { itemId, answerId, value, note, at } = command;
      const seen = state.answerIds[answerId];
      if (seen) {
        if (seen.itemId === itemId && seen.value === value) return []; // a retry of a save that went through
        throw new AppError('RULE_VIOLATED', `answerId ${answerId} was used for another answer`);
      }
      if (state.status === 'completed') throw sealed();
      assertValueFits(itemOf(state, itemId), value);
      return [{ type: 'safety.inspection.answered', data: { answerId, itemId, value, note, by, at } }];
    }
    case 'attach_evidence': {
      if (state.status === 'completed') throw sealed();
      const { itemId, sha256, contentType, size, at } = command;
      itemOf(state, itemId);
      const answer = state.answers[itemId];
      if (!answer) throw new AppError('RULE_VIOLATED', `Answer "${itemId}" before attaching a photo to it`);
      if (answer.evidence.includes(sha256)) return [];
      return [{ type: 'safety.inspection.evidence_attached', data: { itemId, sha256, contentType, size, by, at } }];
    }
    case 'complete': {
      if (state.status === 'completed') throw sealed();
      const missing = missingRequired(state.items, state.answers);
      if (missing.length) {
        const errors = missing.map((id) => ({ path: id, message: 'required item not answered' }));
        throw new AppError('INCOMPLETE', `Required items not answered: ${missing.join(', ')}`, errors);
      }
      const answersDigestNow = answersDigest(state.answers);
      const at = command.at;
      return [
        { type: 'safety.inspection.completed', data: { ...scoreOf(state.items, state.answers), answersDigest: answersDigestNow, at } },
        { type: 'safety.inspection.signed', data: { role: 'inspector', userId: by, at, answersDigest: answersDigestNow } },
      ];
    }
    case 'countersign': {
      if (state.status !== 'completed') throw new AppError('RULE_VIOLATED', 'Only a completed inspection can be countersigned');
      if (by === state.inspectorId) throw new AppError('RULE_VIOLATED', 'The inspector cannot countersign their own inspection');
      const digest = answersDigest(state.answers);
      if (state.signatures.some((s) => s.role === 'countersigner' && s.answersDigest === digest)) return [];
      return [{ type: 'safety.inspection.signed', data: { role: 'countersigner', userId: by, at: command.at, answersDigest: digest } }];
    }
    case 'amend': {
      if (state.status !== 'completed') throw new AppError('RULE_VIOLATED', 'Only a completed inspection is amended; save the answer instead');
      const { itemId, value, reason, at } = command;
      assertValueFits(itemOf(state, itemId), value);
      const previous = state.answers[itemId];
      if (previous?.value === value) return [];
      const answers = { ...state.answers, [itemId]: answerAfter(previous, itemId, value, by, at) };
      const data = { itemId, from: previous?.value ?? null, to: value, reason, by, at, ...scoreOf(state.items, answers), answersDigest: answersDigest(answers) };
      return [{ type: 'safety.inspection.amended', data }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unknown inspection command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveInspection(state: InspectionState, event: NewEvent): InspectionState {
  if (event.type === 'safety.inspection.started') {
    const empty = { answers: {}, answerIds: {}, score: null, result: null, failedItemIds: [], completedAt: null, signatures: [], amendments: [] };
    return { ...event.data, status: 'in_progress', ...empty };
  }
  if (!state) return state;
  switch (event.type) {
    case 'safety.inspection.answered': {
      const { answerId, itemId, value, note, by, at } = event.data;
      const evidence = state.answers[itemId]?.evidence ?? [];
      return {
        ...state,
        answers: { ...state.answers, [itemId]: { itemId, value, note, answerId, answeredBy: by, answeredAt: at, evidence } },
        answerIds: { ...state.answerIds, [answerId]: { itemId, value } },
      };
    }
    case 'safety.inspection.evidence_attached': {
      const answer = state.answers[event.data.itemId];
      if (!answer) return state;
      return { ...state, answers: { ...state.answers, [answer.itemId]: { ...answer, evidence: [...answer.evidence, event.data.sha256] } } };
    }
    case 'safety.inspection.completed': {
      const { score, result, failedItemIds, at } = event.data;
      return { ...state, status: 'completed', score, result, failedItemIds, completedAt: at };
    }
    case 'safety.inspection.signed': {
      const { role, userId, at, answersDigest: digest } = event.data;
      return { ...state, signatures: [...state.signatures, { role, userId, at, answersDigest: digest }] };
    }
    case 'safety.inspection.amended': {
      const { itemId, from, to, reason, by, at, score, result, failedItemIds } = event.data;
      const answers = { ...state.answers, [itemId]: answerAfter(state.answers[itemId], itemId, to, by, at) };
      return { ...state, answers, score, result, failedItemIds, amendments: [...state.amendments, { itemId, from, to, reason, by, at }] };
    }
    default:
      return state;
  }
}

export const inspectionDecider: Decider<InspectionState, InspectionCommand> = {
  initialState: null,
  decide: decideInspection,
  evolve: evolveInspection,
};

function answerAfter(previous: AnswerView | undefined, itemId: string, value: AnswerValue, by: string, at: string): AnswerView {
  return { itemId, value, note: previous?.note ?? null, answerId: previous?.answerId ?? `amendment:${at}`, answeredBy: by, answeredAt: at, evidence: previous?.evidence ?? [] };
}

function itemOf(state: NonNullable<InspectionState>, itemId: string) {
  const item = state.items.find((i) => i.id === itemId);
  if (!item) throw new AppError('NOT_FOUND', `The inspection has no item "${itemId}"`);
  return item;
}

function sealed(): AppError {
  return new AppError('SEALED', 'The inspection is completed and sealed; change it by an amendment with a reason');
}
