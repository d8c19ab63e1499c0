import type { GeoPoint, PunchTime } from '@uehub/contracts';
import type { NewEvent } from '@uehub/event-store';
import { deciderSpecification } from '@uehub/testing';
import { DEACTIVATED_FLAG, shiftDecider, type ShiftCommand } from './shift.decide';
import type { RequestState } from './shift-correction';

const spec = deciderSpecification(shiftDecider);
const USER = '0190f0a0-0000-7000-8000-000000000001';
const punch = (at: string, extra: Partial<PunchTime> = {}): PunchTime => ({ at, deviceTime: null, receivedAt: at, punchId: null, reason: null, ...extra });
const geo: GeoPoint = { lat: 52.52, lon: 13.405, accuracyM: 12 };
const start = (at: string, extra: Partial<Extract<ShiftCommand, { kind: 'start' }>> = {}): ShiftCommand => ({
  kind: 'start',
  userId: USER,
  punch: punch(at),
  location: 'Site 4',
  job: 'J-17',
  note: null,
  geo,
  openShiftId: null,
  overlappingShiftId: null,
  ...extra,
});
const started = (at: string): NewEvent => ({
  type: 'timeclock.shift.started',
  data: { ...punch(at), userId: USER, location: 'Site 4', job: 'J-17', note: null, geo },
});
const breakStarted = (at: string, breakId = 'b1', paid = false): NewEvent => ({ type: 'timeclock.break.started', data: { ...punch(at), breakId, paid } });
const breakEnded = (at: string, breakId = 'b1'): NewEvent => ({ type: 'timeclock.break.ended', data: { ...punch(at), breakId } });
const ended = (at: string): NewEvent => ({ type: 'timeclock.shift.ended', data: { ...punch(at), userId: USER, note: null, geo: null } });

describe('punch rules', () => {
  describe('when clocking in', () => {
    it('should start a shift with the device time and the receive time both kept', () => {
      const offline = punch('2026-11-27T06:00:00.000Z', { deviceTime: '2026-11-27T06:00:00.000Z', receivedAt: '2026-11-27T09:00:00.000Z', punchId: 'p-1' });
      spec
        .given()
        .when(start('2026-11-27T06:00:00.000Z', { punch: offline }))
        .then([{ type: 'timeclock.shift.started', data: { ...offline, userId: USER, location: 'Site 4', job: 'J-17', note: null, geo } }]);
    });
    it('should refuse a second open shift', () => {
      spec.given().when(start('2026-11-27T08:00:00.000Z', { openShiftId: 'other' })).thenThrows('SHIFT_ALREADY_OPEN');
    });
    it('should refuse a start inside another shift', () => {
      spec.given().when(start('2026-11-27T08:00:00.000Z', { overlappingShiftId: 'other' })).thenThrows('SHIFT_OVERLAP');
    });
  });

  describe('when clocking out', () => {
    it('should end the shift', () => {
      spec
        .given(started('2026-11-27T08:00:00.000Z'))
        .when({ kind: 'end', punch: punch('2026-11-27T16:00:00.000Z'), note: null, geo: null })
        .then([ended('2026-11-27T16:00:00.000Z')]);
    });
    it('should end an open break first, at the same time', () => {
      spec
        .given(started('2026-11-27T08:00:00.000Z'), breakStarted('2026-11-27T12:00:00.000Z'))
        .when({ kind: 'end', punch: punch('2026-11-27T12:30:00.000Z'), note: null, geo: null })
        .then([breakEnded('2026-11-27T12:30:00.000Z'), ended('2026-11-27T12:30:00.000Z')]);
    });
    it('should refuse a clock-out before the start, and one of a closed shift', () => {
      spec.given(started('2026-11-27T08:00:00.000Z')).when({ kind: 'end', punch: punch('2026-11-27T07:00:00.000Z'), note: null, geo: null }).thenThrows('RULE_VIOLATED');
      spec
        .given(started('2026-11-27T08:00:00.000Z'), ended('2026-11-27T09:00:00.000Z'))
        .when({ kind: 'end', punch: punch('2026-11-27T10:00:00.000Z'), note: null, geo: null })
        .thenThrows('NO_OPEN_SHIFT');
    });
  });

  describe('when taking breaks', () => {
    it('should start and end one break at a time', () => {
      spec.given(started('2026-11-27T08:00:00.000Z')).when({ kind: 'start_break', breakId: 'b1', paid: true, punch: punch('2026-11-27T10:00:00.000Z') }).then([breakStarted('2026-11-27T10:00:00.000Z', 'b1', true)]);
      spec
        .given(started('2026-11-27T08:00:00.000Z'), breakStarted('2026-11-27T10:00:00.000Z'))
        .when({ kind: 'start_break', breakId: 'b2', paid: false, punch: punch('2026-11-27T10:05:00.000Z') })
        .thenThrows('BREAK_ALREADY_OPEN');
      spec.given(started('2026-11-27T08:00:00.000Z'), breakStarted('2026-11-27T10:00:00.000Z')).when({ kind: 'end_break', punch: punch('2026-11-27T10:15:00.000Z') }).then([breakEnded('2026-11-27T10:15:00.000Z')]);
    });
    it('should refuse to end a break that is not open, or to take one outside a shift', () => {
      spec.given(started('2026-11-27T08:00:00.000Z')).when({ kind: 'end_break', punch: punch('2026-11-27T10:15:00.000Z') }).thenThrows('NO_OPEN_BREAK');
      spec.given().when({ kind: 'start_break', breakId: 'b1', paid: false, punch: punch('2026-11-27T10:15:00.000Z') }).thenThrows('NO_OPEN_SHIFT');
    });
  });

  describe('when the user is deactivated on the clock', () => {
    const closing = (at: string): ShiftCommand => ({ kind: 'close_for_deactivation', at, receivedAt: '2026-11-27T15:00:01.000Z' });
    const system = (at: string): PunchTime => ({ at, deviceTime: null, receivedAt: '2026-11-27T15:00:01.000Z', punchId: null, reason: 'user deactivated' });
    it('should close the break and the shift at the deactivation time and flag the shift', () => {
      spec
        .given(started('2026-11-27T08:00:00.000Z'), breakStarted('2026-11-27T14:00:00.000Z'))
        .when(closing('2026-11-27T15:00:00.000Z'))
        .then([
          { type: 'timeclock.break.ended', data: { ...system('2026-11-27T15:00:00.000Z'), breakId: 'b1' } },
          { type: 'timeclock.shift.ended', data: { ...system('2026-11-27T15:00:00.000Z'), userId: USER, note: null, geo: null } },
          { type: 'timeclock.shift.flagged', data: { reason: DEACTIVATED_FLAG } },
        ]);
    });
    it('should do nothing to a closed shift', () => {
      spec.given(started('2026-11-27T08:00:00.000Z'), ended('2026-11-27T09:00:00.000Z')).when(closing('2026-11-27T15:00:00.000Z')).then([]);
    });
  });

  describe('when a manager corrects a shift', () => {
    const day = [started('2026-11-27T08:00:00.000Z'), breakStarted('2026-11-27T12:00:00.000Z'), breakEnded('2026-11-27T12:30:00.000Z'), ended('2026-11-27T16:00:00.000Z')];
    const correct = (correction: Record<string, unknown>): ShiftCommand => ({ kind: 'correct', correction: { reason: 'forgot to punch', ...correction }, newBreakIds: ['n1', 'n2'], request: null });
    it('should record the new times with from/to and the reason', () => {
      spec
        .given(...day)
        .when(correct({ startedAt: '2026-11-27T07:30:00+00:00', endedAt: '2026-11-27T16:00:00Z' }))
        .then([
          {
            type: 'timeclock.shift.corrected',
            data: { reason: 'forgot to punch', startedAt: '2026-11-27T07:30:00.000Z' },
            changes: { startedAt: { from: '2026-11-27T08:00:00.000Z', to: '2026-11-27T07:30:00.000Z' } },
          },
        ]);
    });
    it('should replace the breaks, keeping ids by position', () => {
      const breaks = [
        { id: 'b1', startedAt: '2026-11-27T12:00:00.000Z', endedAt: '2026-11-27T12:45:00.000Z', paid: false },
        { id: 'n2', startedAt: '2026-11-27T14:00:00.000Z', endedAt: '2026-11-27T14:15:00.000Z', paid: true },
      ];
      spec
        .given(...day)
        .when(correct({ breaks: breaks.map(({ id: _id, ...b }) => b) }))
        .then([
          {
            type: 'timeclock.shift.corrected',
            data: { reason: 'forgot to punch', breaks },
            changes: { breaks: { from: [{ id: 'b1', startedAt: '2026-11-27T12:00:00.000Z', endedAt: '2026-11-27T12:30:00.000Z', paid: false }], to: breaks } },
          },
        ]);
    });
    it('should refuse an end before the start and breaks outside the shift, and change nothing when nothing differs', () => {
      spec.given(...day).when(correct({ endedAt: '2026-11-27T07:00:00Z' })).thenThrows('RULE_VIOLATED');
      spec.given(...day).when(correct({ breaks: [{ startedAt: '2026-11-27T15:00:00Z', endedAt: '2026-11-27T17:00:00Z', paid: false }] })).thenThrows('RULE_VIOLATED');
      spec.given(...day).when(correct({ startedAt: '2026-11-27T08:00:00Z' })).then([]);
    });
  });

  describe('when a worker adds a note or asks for a correction', () => {
    const day = [started('2026-11-27T08:00:00.000Z'), ended('2026-11-27T16:00:00.000Z')];
    const ask = (request: Record<string, unknown>): ShiftCommand => ({ kind: 'request_correction', requestId: 'r1', request: { reason: 'badge reader down', ...request }, newBreakIds: ['n1'] });
    it('should record a note, on an open or a closed shift, and refuse a shift that does not exist', () => {
      spec.given(...day).when({ kind: 'add_note', noteId: 'n1', text: 'left early: dentist' }).then([{ type: 'timeclock.shift.note_added', data: { noteId: 'n1', text: 'left early: dentist' } }]);
      spec.given(day[0]).when({ kind: 'add_note', noteId: 'n2', text: 'x' }).then([{ type: 'timeclock.shift.note_added', data: { noteId: 'n2', text: 'x' } }]);
      spec.given().when({ kind: 'add_note', noteId: 'n3', text: 'x' }).thenThrows('NOT_FOUND');
    });
    it('should record the requested times with from/to, checked like a correction, changing no time', () => {
      spec
        .given(...day)
        .when(ask({ startedAt: '2026-11-27T07:30:00Z' }))
        .then([
          {
            type: 'timeclock.shift.correction_requested',
            data: { requestId: 'r1', reason: 'badge reader down', startedAt: '2026-11-27T07:30:00.000Z' },
            changes: { startedAt: { from: '2026-11-27T08:00:00.000Z', to: '2026-11-27T07:30:00.000Z' } },
          },
        ]);
      spec.given(...day).when(ask({ endedAt: '2026-11-27T07:00:00Z' })).thenThrows('RULE_VIOLATED');
      spec.given(...day).when(ask({ startedAt: '2026-11-27T08:00:00Z' })).thenThrows('RULE_VIOLATED');
      const asked = { type: 'timeclock.shift.correction_requested' as const, data: { requestId: 'r1', reason: 'x', startedAt: '2026-11-27T07:30:00.000Z' } };
      expect([...day, asked].reduce(shiftDecider.evolve, null)).toEqual(day.reduce(shiftDecider.evolve, null));
    });
    it('should decline or grant only a pending request of the shift', () => {
      const pending = { id: 'r1', status: 'pending' as const };
      spec.given(...day).when({ kind: 'decline_request', requestId: 'r1', request: pending, reason: 'the gate log shows 08:00' }).then([
        { type: 'timeclock.shift.correction_declined', data: { requestId: 'r1', reason: 'the gate log shows 08:00' } },
      ]);
      spec.given(...day).when({ kind: 'decline_request', requestId: 'r1', request: { id: 'r1', status: 'accepted' }, reason: 'x' }).thenThrows('RULE_VIOLATED');
      spec.given(...day).when({ kind: 'decline_request', requestId: 'r9', request: null, reason: 'x' }).thenThrows('NOT_FOUND');
      const grant = (request: RequestState | null, startedAt: string): ShiftCommand => ({ kind: 'correct', correction: { reason: 'as asked', startedAt, requestId: 'r1' }, newBreakIds: [], request });
      spec.given(...day).when(grant(pending, '2026-11-27T07:30:00Z')).then([
        {
          type: 'timeclock.shift.corrected',
          data: { reason: 'as asked', startedAt: '2026-11-27T07:30:00.000Z', requestId: 'r1' },
          changes: { startedAt: { from: '2026-11-27T08:00:00.000Z', to: '2026-11-27T07:30:00.000Z' } },
        },
      ]);
      spec.given(...day).when(grant({ id: 'r1', status: 'declined' }, '2026-11-27T07:30:00Z')).thenThrows('RULE_VIOLATED');
      spec.given(...day).when(grant(null, '2026-11-27T07:30:00Z')).thenThrows('NOT_FOUND');
      spec.given(...day).when(grant(pending, '2026-11-27T08:00:00Z')).thenThrows('RULE_VIOLATED');
    });
  });
});
