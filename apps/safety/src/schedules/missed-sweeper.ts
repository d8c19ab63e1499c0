import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { CommandHandler } from '@uehub/event-store';
import { SAFETY_SETTINGS, type SafetySettings } from '../safety-settings';
import { PeriodicSweep, systemContext } from '../store/periodic-sweep';
import { completionsIn } from './completions';
import { occurrenceAggregate } from './occurrence.aggregate';
import { occurrenceId } from './occurrence.decide';
import { occurrencesOverlapping, type Occurrence } from './recurrence';
import { SCHEDULES } from './schedule.aggregate';
import type { ScheduleState } from './schedule.decide';

/** An occurrence is judged this long after its end, when any completion that began before the end has committed (command deadlines are shorter). */
export const MISSED_GRACE_MS = 60_000;
const SCHEDULES_PER_PASS = 100;
const OCCURRENCES_PER_SCHEDULE = 100;
const SWEEPS = 'safety.safety_schedule_sweeps';
const EVENTS = 'safety.safety_events';

interface Behind {
  id: string;
  state: NonNullable<ScheduleState>;
  swept_until: Date | string;
  cause: string;
  correlation: string | null;
}

/**
 * Emits `safety.inspection.missed` once per occurrence that ended with no completed
 * inspection: every `missedSweepMs` it takes the schedules whose occurrences ended since
 * their last sweep (`safety_schedule_sweeps`, the most behind first) and runs `mark_missed`
 * on each ended occurrence's own stream, whose id is derived from schedule and start; a second
 * replica appending there loses on the stream version and, re-deciding, emits nothing.
 */
@Injectable()
export class MissedSweeper extends PeriodicSweep {
  protected readonly logger = new Logger('MissedSweeper');

  constructor(
    private readonly orm: MikroORM,
    private readonly commands: CommandHandler,
    @Inject(SAFETY_SETTINGS) settings: SafetySettings,
  ) {
    super(settings.missedSweepMs);
  }

  async sweep(): Promise<number> {
    const cutoff = new Date(Date.now() - MISSED_GRACE_MS);
    // the schedule's first event is the cause of its missed occurrences: they join its correlation
    const behind = await this.orm.em.fork().execute<Behind[]>(
      `select s.id, s.state, coalesce(w.swept_until, s.starts_at) as swept_until, e.event_id as cause, e.metadata->>'correlationId' as correlation
         from ${SCHEDULES} s left join ${SWEEPS} w on w.schedule_id = s.id join ${EVENTS} e on e.stream_id = s.id and e.stream_version = 1
        where s.deleted_at is null and coalesce(w.swept_until, s.starts_at) < ? order by 3, s.id limit ?`,
      [cutoff, SCHEDULES_PER_PASS],
    );
    let announced = 0;
    for (const schedule of behind) {
      const { id, state, swept_until } = schedule;
      const since = new Date(swept_until);
      const { items, truncated } = occurrencesOverlapping(state, since, cutoff, OCCURRENCES_PER_SCHEDULE);
      const ended = items.filter((o) => Date.parse(o.endsAt) <= cutoff.getTime());
      for (const occurrence of ended) announced += await this.judge(schedule, occurrence);
      const reached = truncated ? (ended.at(-1)?.endsAt ?? since.toISOString()) : cutoff.toISOString();
      await this.orm.em.fork().execute(
        `insert into ${SWEEPS} as w (schedule_id, swept_until) values (?, ?) on conflict (schedule_id) do update set swept_until = greatest(w.swept_until, excluded.swept_until)`,
        [id, reached],
      );
    }
    return announced;
  }

  /** Announces one ended occurrence unless an inspection was completed in it (checked inside the command). */
  private async judge({ id: scheduleId, state, cause, correlation }: Behind, occurrence: Occurrence): Promise<number> {
    const streamId = occurrenceId(scheduleId, occurrence.startsAt);
    const context = systemContext('safety-missed', correlation ?? `missed-${streamId}`);
    const executed = await this.commands.run({ context }, async (session) => {
      const [done] = await completionsIn(session.tx, state, occurrence.startsAt, occurrence.endsAt);
      const { templateId, site, assigneeId } = state;
      const command = { kind: 'mark_missed' as const, occurrence: { scheduleId, templateId, site, assigneeId, ...occurrence }, doneBy: done?.id ?? null, at: new Date().toISOString() };
      return session.execute(occurrenceAggregate, streamId, command, { causationId: cause });
    });
    return executed.events.length;
  }
}
