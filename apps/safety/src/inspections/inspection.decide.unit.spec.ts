import type { NewEvent } from '@uehub/event-store';
import { deciderSpecification } from '@uehub/testing';
import { startedOf, userContext } from '../safety.fixture';
import { inspectionDecider } from './inspection.decide';
import { answersDigest } from './scoring';

const spec = deciderSpecification(inspectionDecider);
const INSPECTOR = 'u-inspector';
const MANAGER = 'u-manager';
const as = userContext(INSPECTOR);
const at = '2026-11-27T08:00:00.000Z';
const started: NewEvent = { type: 'safety.inspection.started', data: startedOf(INSPECTOR) };
const answered = (itemId: string, value: string | number, answerId = `a-${itemId}`): NewEvent => ({
  type: 'safety.inspection.answered',
  data: { answerId, itemId, value, note: null, by: INSPECTOR, at },
});
const digestOf = (...answers: [string, string | number, string][]) =>
  answersDigest(Object.fromEntries(answers.map(([itemId, value]) => [itemId, { itemId, value, note: null, evidence: [] }])));

describe('inspection rules', () => {
  describe('when saving answers', () => {
    it('should save an answer, and change nothing when the same answerId comes again', () => {
      spec.given(started).when({ kind: 'answer', itemId: 'brakes', answerId: 'a-brakes', value: 'pass', note: null, at }, as).then([answered('brakes', 'pass')]);
      spec.given(started, answered('brakes', 'pass')).when({ kind: 'answer', itemId: 'brakes', answerId: 'a-brakes', value: 'pass', note: null, at }, as).then([]);
    });
    it('should refuse an answerId reused for another answer, a value of the wrong kind and an unknown item', () => {
      spec.given(started, answered('brakes', 'pass')).when({ kind: 'answer', itemId: 'brakes', answerId: 'a-brakes', value: 'fail', note: null, at }, as).thenThrows('RULE_VIOLATED');
      spec.given(started).when({ kind: 'answer', itemId: 'brakes', answerId: 'x', value: 'maybe', note: null, at }, as).thenThrows('VALIDATION_FAILED');
      spec.given(started).when({ kind: 'answer', itemId: 'tyres', answerId: 'x', value: 'high', note: null, at }, as).thenThrows('VALIDATION_FAILED');
      spec.given(started).when({ kind: 'answer', itemId: 'kit', answerId: 'x', value: 'some', note: null, at }, as).thenThrows('VALIDATION_FAILED');
      spec.given(started).when({ kind: 'answer', itemId: 'nope', answerId: 'x', value: 'pass', note: null, at }, as).thenThrows('NOT_FOUND');
    });
  });

  describe('when completing', () => {
    it('should refuse with INCOMPLETE listing the required items not answered', () => {
      let thrown: unknown;
      try {
        inspectionDecider.decide({ kind: 'complete', at }, [started, answered('kit', 'full')].reduce(inspectionDecider.evolve, null), as);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({
        code: 'INCOMPLETE',
        errors: [
          { path: 'brakes', message: 'required item not answered' },
          { path: 'tyres', message: 'required item not answered' },
        ],
      });
    });
    it('should score answered passes over scorable items and pass without a critical failure', () => {
      const digest = digestOf(['brakes', 'pass', ''], ['tyres', 3.5, ''], ['kit', 'full', '']);
      spec
        .given(started, answered('brakes', 'pass'), answered('tyres', 3.5), answered('kit', 'full'))
        .when({ kind: 'complete', at }, as)
        .then([
          { type: 'safety.inspection.completed', data: { score: 66.7, result: 'pass', failedItemIds: ['tyres'], answersDigest: digest, at } },
          { type: 'safety.inspection.signed', data: { role: 'inspector', userId: INSPECTOR, at, answersDigest: digest } },
        ]);
    });
    it('should fail on a critical failure and leave n.a. items out of the score', () => {
      const digest = digestOf(['brakes', 'fail', ''], ['tyres', 2.5, '']);
      spec
        .given(started, answered('brakes', 'fail'), answered('tyres', 2.5))
        .when({ kind: 'complete', at }, as)
        .then([
          { type: 'safety.inspection.completed', data: { score: 33.3, result: 'fail', failedItemIds: ['brakes'], answersDigest: digest, at } },
          { type: 'safety.inspection.signed', data: { role: 'inspector', userId: INSPECTOR, at, answersDigest: digest } },
        ]);
    });
  });

  describe('when completed', () => {
    const done = [started, answered('brakes', 'fail'), answered('tyres', 2.5)];
    const completed = inspectionDecider.decide({ kind: 'complete', at }, done.reduce(inspectionDecider.evolve, null), as);
    const history = [...done, ...completed];
    it('should be sealed: answers and a second completion are refused', () => {
      spec.given(...history).when({ kind: 'answer', itemId: 'brakes', answerId: 'new', value: 'pass', note: null, at }, as).thenThrows('SEALED');
      spec.given(...history).when({ kind: 'complete', at }, as).thenThrows('SEALED');
    });
    it('should change only by an amendment with a reason, which re-scores and re-digests', () => {
      const later = '2026-11-27T09:00:00.000Z';
      spec
        .given(...history)
        .when({ kind: 'amend', itemId: 'brakes', value: 'pass', reason: 'misread the gauge', at: later }, as)
        .then([
          {
            type: 'safety.inspection.amended',
            data: {
              itemId: 'brakes',
              from: 'fail',
              to: 'pass',
              reason: 'misread the gauge',
              by: INSPECTOR,
              at: later,
              score: 66.7,
              result: 'pass',
              failedItemIds: [],
              answersDigest: digestOf(['brakes', 'pass', ''], ['tyres', 2.5, '']),
            },
          },
        ]);
      spec.given(started).when({ kind: 'amend', itemId: 'brakes', value: 'pass', reason: 'x', at }, as).thenThrows('RULE_VIOLATED');
    });
    it('should be countersigned by someone other than the inspector, with the digest of the answers', () => {
      const digest = digestOf(['brakes', 'fail', ''], ['tyres', 2.5, '']);
      spec
        .given(...history)
        .when({ kind: 'countersign', at }, userContext(MANAGER, 'manager'))
        .then([{ type: 'safety.inspection.signed', data: { role: 'countersigner', userId: MANAGER, at, answersDigest: digest } }]);
      spec.given(...history).when({ kind: 'countersign', at }, as).thenThrows('RULE_VIOLATED');
      spec.given(...done).when({ kind: 'countersign', at }, userContext(MANAGER, 'manager')).thenThrows('RULE_VIOLATED');
    });
  });
});

describe('evidence rules', () => {
  const sha = 'a'.repeat(64);
  const attach = { kind: 'attach_evidence' as const, itemId: 'photo', sha256: sha, contentType: 'image/png', size: 10, at };
  const photoAnswered = answered('photo', 'dashboard');
  const attached: NewEvent = { type: 'safety.inspection.evidence_attached', data: { itemId: 'photo', sha256: sha, contentType: 'image/png', size: 10, by: INSPECTOR, at } };
  it('should attach a photo to an answer once, and count it in the digest', () => {
    spec.given(started, photoAnswered).when(attach, as).then([attached]);
    spec.given(started, photoAnswered, attached).when(attach, as).then([]);
    const state = [started, photoAnswered, attached].reduce(inspectionDecider.evolve, null);
    expect(state?.answers.photo.evidence).toEqual([sha]);
    expect(answersDigest(state!.answers)).not.toBe(answersDigest({ photo: { ...state!.answers.photo, evidence: [] } }));
  });
  it('should refuse a photo before the answer and after completion', () => {
    spec.given(started).when(attach, as).thenThrows('RULE_VIOLATED');
    const history = [started, answered('brakes', 'pass'), answered('tyres', 2.5), photoAnswered];
    const completed = inspectionDecider.decide({ kind: 'complete', at }, history.reduce(inspectionDecider.evolve, null), as);
    spec.given(...history, ...completed).when(attach, as).thenThrows('SEALED');
  });
});
