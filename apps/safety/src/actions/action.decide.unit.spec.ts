import type { NewEvent } from '@uehub/event-store';
import { deciderSpecification } from '@uehub/testing';
import { userContext } from '../safety.fixture';
import { actionDecider } from './action.decide';

const spec = deciderSpecification(actionDecider);
const at = '2026-11-27T08:00:00.000Z';
const worker = userContext('u-worker', 'worker');
const manager = userContext('u-manager', 'manager');
const base = { source: 'manual' as const, inspectionId: null, itemId: null, title: 'Loose railing', description: null, assigneeId: 'u-worker' };
const opened: NewEvent = { type: 'safety.action.opened', data: { ...base, priority: 'high', dueAt: '2026-11-30T08:00:00.000Z' } };
const resolvedBy = (by: string): NewEvent => ({ type: 'safety.action.resolved', data: { note: 'fixed', evidence: [], by, at } });

describe('corrective action rules', () => {
  it('should default the due date by priority: critical 1, high 3, medium 7, low 14 days', () => {
    for (const [priority, dueAt] of [
      ['critical', '2026-11-28T08:00:00.000Z'],
      ['high', '2026-11-30T08:00:00.000Z'],
      ['medium', '2026-12-04T08:00:00.000Z'],
      ['low', '2026-12-11T08:00:00.000Z'],
    ] as const) {
      spec.given().when({ kind: 'open', opened: { ...base, priority }, at }, worker).then([{ type: 'safety.action.opened', data: { ...base, priority, dueAt } }]);
    }
  });
  it('should go open → in_progress → resolved → verified', () => {
    const started: NewEvent = { type: 'safety.action.started', data: { by: 'u-worker', at } };
    spec.given(opened).when({ kind: 'update', patch: { status: 'in_progress' }, at }, worker).then([started]);
    spec.given(opened, started).when({ kind: 'resolve', note: 'fixed', at }, worker).then([resolvedBy('u-worker')]);
    spec.given(opened, started, resolvedBy('u-worker')).when({ kind: 'verify', at }, manager).then([{ type: 'safety.action.verified', data: { by: 'u-manager', at } }]);
  });
  it('should refuse verification by the resolver, by a non-manager, and before resolution', () => {
    spec.given(opened, resolvedBy('u-manager')).when({ kind: 'verify', at }, manager).thenThrows('RULE_VIOLATED');
    spec.given(opened, resolvedBy('u-other')).when({ kind: 'verify', at }, userContext('u-emp', 'employee')).thenThrows('FORBIDDEN');
    spec.given(opened).when({ kind: 'verify', at }, manager).thenThrows('RULE_VIOLATED');
  });
  it('should cancel with a reason, and refuse anything after verification or cancellation', () => {
    const cancelled: NewEvent = { type: 'safety.action.cancelled', data: { reason: 'duplicate', by: 'u-manager', at } };
    spec.given(opened).when({ kind: 'cancel', reason: 'duplicate', at }, manager).then([cancelled]);
    spec.given(opened, cancelled).when({ kind: 'resolve', note: 'x', at }, worker).thenThrows('RULE_VIOLATED');
    spec.given(opened, cancelled).when({ kind: 'cancel', reason: 'again', at }, manager).thenThrows('RULE_VIOLATED');
    const verified: NewEvent = { type: 'safety.action.verified', data: { by: 'u-manager', at } };
    spec.given(opened, resolvedBy('u-worker'), verified).when({ kind: 'cancel', reason: 'x', at }, manager).thenThrows('RULE_VIOLATED');
  });
  it('should record changed fields with before and after', () => {
    spec
      .given(opened)
      .when({ kind: 'update', patch: { priority: 'critical', assigneeId: 'u-2', title: 'Loose railing' }, at }, manager)
      .then([{ type: 'safety.action.updated', data: { priority: 'critical', assigneeId: 'u-2' }, changes: { priority: { from: 'high', to: 'critical' }, assigneeId: { from: 'u-worker', to: 'u-2' } } }]);
  });
});

describe('overdue actions', () => {
  const system = { actor: { kind: 'system' as const, id: 'safety-overdue' }, correlationId: 'spec' };
  const late = '2026-12-01T00:00:00.000Z';
  const overdue: NewEvent = { type: 'safety.action.overdue', data: { dueAt: '2026-11-30T08:00:00.000Z', at: late } };
  it('should announce an open action past its due date once', () => {
    spec.given(opened).when({ kind: 'mark_overdue', at: late }, system).then([overdue]);
    spec.given(opened, overdue).when({ kind: 'mark_overdue', at: late }, system).then([]);
    spec.given(opened).when({ kind: 'mark_overdue', at }, system).then([]);
    spec.given(opened, resolvedBy('u-worker')).when({ kind: 'mark_overdue', at: late }, system).then([]);
  });
  it('should announce again only after a new due date passes', () => {
    const moved: NewEvent = { type: 'safety.action.updated', data: { dueAt: '2026-12-05T08:00:00.000Z' }, changes: { dueAt: { from: '2026-11-30T08:00:00.000Z', to: '2026-12-05T08:00:00.000Z' } } };
    spec.given(opened, overdue, moved).when({ kind: 'mark_overdue', at: late }, system).then([]);
    spec
      .given(opened, overdue, moved)
      .when({ kind: 'mark_overdue', at: '2026-12-06T00:00:00.000Z' }, system)
      .then([{ type: 'safety.action.overdue', data: { dueAt: '2026-12-05T08:00:00.000Z', at: '2026-12-06T00:00:00.000Z' } }]);
  });
});
