import type { ScheduleView } from '@uehub/contracts';
import type { Aggregate } from '@uehub/event-store';
import { DateTime } from 'luxon';
import { rowMeta, stateProjection, type StateRow, type StateTable } from '../store/state-rows';
import { scheduleDecider, type ScheduleCommand, type ScheduleState } from './schedule.decide';

export const SCHEDULES = 'safety.safety_schedules';

export const scheduleTable: StateTable<ScheduleState> = {
  table: SCHEDULES,
  columnsOf: (s) => ({
    template_id: s.templateId,
    site: s.site,
    assignee_id: s.assigneeId,
    rrule: s.rrule,
    time_zone: s.timeZone,
    starts_at: DateTime.fromISO(s.startsAt, { zone: s.timeZone }).toUTC().toISO(),
    window_minutes: s.windowMinutes,
    deleted_at: s.deletedAt,
  }),
};

export const scheduleAggregate: Aggregate<ScheduleState, ScheduleCommand> = {
  streamType: 'schedule',
  decider: scheduleDecider,
  projection: stateProjection(scheduleTable),
};

export function toScheduleView(row: StateRow & { state: NonNullable<ScheduleState> }): ScheduleView {
  const { deletedAt: _deletedAt, ...state } = row.state;
  return { ...state, ...rowMeta(row) };
}
