import type { PageQuery } from './pagination';
import type { InspectionView } from './safety';
import type { Page } from './users';

/**
 * "This template at this site on this recurrence", assigned to someone. `rrule` is an RFC 5545
 * RRULE value (e.g. `FREQ=WEEKLY;BYDAY=MO;BYHOUR=7`), read as wall-clock time in `timeZone`
 * from `startsAt` (the DTSTART, a local date-time in that zone).
 */
export interface ScheduleFields {
  site: string;
  assigneeId: string;
  rrule: string;
  /** DTSTART: local date-time in `timeZone` (`2026-11-28T08:00:00`). */
  startsAt: string;
  /** IANA time zone the rule is read in (default UTC). */
  timeZone: string;
  /** Minutes an occurrence stays due (default: until the next occurrence starts). */
  windowMinutes: number | null;
}

export interface ScheduleView extends ScheduleFields {
  id: string;
  templateId: string;
  /** Stream version (ETag). */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CreateScheduleInput {
  templateId: string;
  site: string;
  assigneeId: string;
  rrule: string;
  /** ISO 8601 date-time: with an offset it is that instant, without one the wall clock in `timeZone`. */
  startsAt: string;
  timeZone?: string;
  windowMinutes?: number | null;
}

export type UpdateScheduleInput = Partial<Omit<CreateScheduleInput, 'templateId'>>;

export interface ListSchedulesQuery extends PageQuery {
  templateId?: string;
  site?: string;
  assigneeId?: string;
}

export const OCCURRENCE_STATUSES = ['due', 'done', 'missed'] as const;
export type OccurrenceStatus = (typeof OCCURRENCE_STATUSES)[number];

/** One occurrence of a schedule: due in [startsAt, endsAt). */
export interface OccurrenceView {
  scheduleId: string;
  templateId: string;
  site: string;
  assigneeId: string;
  startsAt: string;
  endsAt: string;
  /** `done`: an inspection of the template at the site was completed in the window; `missed`: none by its end. */
  status: OccurrenceStatus;
  /** The completed inspection that made it `done`. */
  inspectionId: string | null;
  /** Whether `safety.inspection.missed` was emitted for it (the sweep runs shortly after its end). */
  missedAnnounced: boolean;
}

export interface DueQuery {
  from: string;
  to: string;
  scheduleId?: string;
  site?: string;
  assigneeId?: string;
}

export interface DueListing {
  from: string;
  to: string;
  items: OccurrenceView[];
}

type Cmd<R, P> = { request: R; reply: P };

/** Request/reply patterns of schedules. */
export interface SafetySchedulePatterns {
  'safety.schedules.create': Cmd<CreateScheduleInput, ScheduleView>;
  'safety.schedules.get': Cmd<{ id: string }, ScheduleView>;
  'safety.schedules.list': Cmd<ListSchedulesQuery, Page<ScheduleView>>;
  'safety.schedules.update': Cmd<{ id: string; expectedVersion?: number; patch: UpdateScheduleInput }, ScheduleView>;
  'safety.schedules.delete': Cmd<{ id: string; expectedVersion?: number }, { ok: true }>;
  'safety.schedules.due': Cmd<DueQuery, DueListing>;
  /** Starts the schedule's inspection for its assignee. */
  'safety.schedules.start': Cmd<{ id: string }, InspectionView>;
}
