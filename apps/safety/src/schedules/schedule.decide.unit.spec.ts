import type { NewEvent } from '@uehub/event-store';
import { deciderSpecification } from '@uehub/testing';
import { userContext } from '../safety.fixture';
import { occurrenceDecider, occurrenceId, occurrenceStatus } from './occurrence.decide';
import { scheduleDecider } from './schedule.decide';

const spec = deciderSpecification(scheduleDecider);
const at = '2026-11-27T08:00:00.000Z';
const manager = userContext('u-manager', 'manager');
const templateId = '0190aaaa-0000-7000-8000-000000000001';
const fields = { site: 'Depot North', assigneeId: 'u-worker', rrule: 'FREQ=DAILY;BYHOUR=7', startsAt: '2026-11-27T07:00:00', timeZone: 'Europe/Berlin', windowMinutes: null };
const created: NewEvent = { type: 'safety.schedule.created', data: { templateId, ...fields } };

describe('schedule rules', () => {
  it('should create a schedule with the rule normalised and startsAt as the wall clock in its zone', () => {
    spec
      .given()
      .when({ kind: 'create', templateId, fields: { ...fields, rrule: 'rrule:freq=daily;byhour=7', startsAt: '2026-11-27T06:00:00Z' }, at }, manager)
      .then([created]);
    spec
      .given()
      .when({ kind: 'create', templateId, fields: { site: 'Yard', assigneeId: 'u-1', rrule: 'FREQ=WEEKLY', startsAt: '2026-11-30T09:00' }, at }, manager)
      .then([{ type: 'safety.schedule.created', data: { templateId, site: 'Yard', assigneeId: 'u-1', rrule: 'FREQ=WEEKLY', startsAt: '2026-11-30T09:00:00', timeZone: 'UTC', windowMinutes: null } }]);
  });
  it('should refuse a bad rule with INVALID_RECURRENCE and a start more than 31 days back', () => {
    spec.given().when({ kind: 'create', templateId, fields: { ...fields, rrule: 'FREQ=DAILY;INTERVAL=x' }, at }, manager).thenThrows('INVALID_RECURRENCE');
    spec.given().when({ kind: 'create', templateId, fields: { ...fields, startsAt: '2026-10-01T07:00' }, at }, manager).thenThrows('RULE_VIOLATED');
    spec.given(created).when({ kind: 'update', patch: { rrule: 'FREQ=MONTHLY;BYMONTHDAY=31' }, at }, manager).thenThrows('INVALID_RECURRENCE');
  });
  it('should record changed fields with before and after, and nothing for a patch that changes nothing', () => {
    spec
      .given(created)
      .when({ kind: 'update', patch: { assigneeId: 'u-2', rrule: 'FREQ=DAILY;BYHOUR=7', windowMinutes: 240 }, at }, manager)
      .then([{ type: 'safety.schedule.updated', data: { assigneeId: 'u-2', windowMinutes: 240 }, changes: { assigneeId: { from: 'u-worker', to: 'u-2' }, windowMinutes: { from: null, to: 240 } } }]);
    spec.given(created).when({ kind: 'update', patch: { site: 'Depot North' }, at }, manager).then([]);
  });
  it('should delete once; a deleted schedule is gone for every command', () => {
    const deleted: NewEvent = { type: 'safety.schedule.deleted', data: { by: 'u-manager', at } };
    spec.given(created).when({ kind: 'delete', at }, manager).then([deleted]);
    spec.given(created, deleted).when({ kind: 'delete', at }, manager).thenThrows('NOT_FOUND');
    spec.given(created, deleted).when({ kind: 'update', patch: { site: 'x' }, at }, manager).thenThrows('NOT_FOUND');
    spec.given().when({ kind: 'update', patch: { site: 'x' }, at }, manager).thenThrows('NOT_FOUND');
  });
});

describe('missed occurrences', () => {
  const occurrences = deciderSpecification(occurrenceDecider);
  const system = { actor: { kind: 'system' as const, id: 'safety-missed' }, correlationId: 'spec' };
  const occurrence = { scheduleId: 's-1', templateId, site: 'Depot North', assigneeId: 'u-worker', startsAt: '2026-11-27T06:00:00.000Z', endsAt: '2026-11-28T06:00:00.000Z' };
  const later = '2026-11-28T06:05:00.000Z';
  const missed: NewEvent = { type: 'safety.inspection.missed', data: { ...occurrence, at: later } };
  it('should announce an ended occurrence with no completed inspection once', () => {
    occurrences.given().when({ kind: 'mark_missed', occurrence, doneBy: null, at: later }, system).then([missed]);
    occurrences.given(missed).when({ kind: 'mark_missed', occurrence, doneBy: null, at: '2026-11-29T00:00:00.000Z' }, system).then([]);
  });
  it('should announce nothing before the end or when an inspection was completed in the window', () => {
    occurrences.given().when({ kind: 'mark_missed', occurrence, doneBy: null, at: '2026-11-28T05:59:59.999Z' }, system).then([]);
    occurrences.given().when({ kind: 'mark_missed', occurrence, doneBy: 'i-1', at: later }, system).then([]);
  });
  it('should give an occurrence the same stream id wherever it is computed, and another one to the next', () => {
    expect(occurrenceId('0190aaaa-0000-7000-8000-000000000009', '2026-11-27T06:00:00Z')).toBe(occurrenceId('0190aaaa-0000-7000-8000-000000000009', '2026-11-27T06:00:00.000Z'));
    expect(occurrenceId('0190aaaa-0000-7000-8000-000000000009', '2026-11-27T06:00:00Z')).not.toBe(occurrenceId('0190aaaa-0000-7000-8000-000000000009', '2026-11-28T06:00:00Z'));
  });
  it('should be done by an inspection completed in [start, end), missed after the end without one, and due before', () => {
    const inWindow = [{ id: 'i-1', completedAt: '2026-11-27T10:00:00.000Z' }];
    const late = [{ id: 'i-2', completedAt: '2026-11-28T06:00:00.000Z' }];
    const early = [{ id: 'i-3', completedAt: '2026-11-27T05:59:59.000Z' }];
    expect(occurrenceStatus(occurrence, inWindow, new Date(later))).toEqual({ status: 'done', inspectionId: 'i-1' });
    expect(occurrenceStatus(occurrence, [...early, ...late], new Date(later))).toEqual({ status: 'missed', inspectionId: null });
    expect(occurrenceStatus(occurrence, [], new Date('2026-11-27T12:00:00.000Z'))).toEqual({ status: 'due', inspectionId: null });
  });
});
