import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { encodeCursor, type DueListing, type DueQuery, type ListSchedulesQuery, type OccurrenceView, type Page, type RequestContext, type ScheduleView } from '@uehub/contracts';
import { AppError, cursorOrThrow } from '@uehub/errors';
import { fitPage } from '@uehub/messaging';
import { z } from 'zod';
import { assertMaySee, seesOnlyOwn } from '../access';
import { Where } from '../store/where';
import type { StateRow } from '../store/state-rows';
import { completionsIn } from './completions';
import { occurrenceId, occurrenceStatus } from './occurrence.decide';
import { OCCURRENCES } from './occurrence.aggregate';
import { occurrencesOverlapping } from './recurrence';
import { SCHEDULES, toScheduleView } from './schedule.aggregate';
import type { ScheduleState } from './schedule.decide';

/** At most this many schedules and occurrences in one due listing (422 RESULT_TOO_LARGE: narrow the window or filter). */
const MAX_SCHEDULES = 500;
const MAX_OCCURRENCES = 2000;
const ID_KEY = z.tuple([z.uuid()]);

type Row = StateRow & { state: NonNullable<ScheduleState> };

/** Reads of schedules and their occurrences; workers see only the schedules assigned to them. */
@Injectable()
export class ScheduleQueries {
  constructor(private readonly orm: MikroORM) {}

  async schedule(id: string, context: RequestContext): Promise<ScheduleView> {
    const [row] = await this.orm.em.fork().execute<Row[]>(`select id, state, version, created_at, updated_at from ${SCHEDULES} where id = ? and deleted_at is null`, [id]);
    if (!row) throw new AppError('NOT_FOUND', 'No such schedule');
    assertMaySee(context.actor, row.state.assigneeId, 'schedule');
    return toScheduleView(row);
  }

  async schedules(query: ListSchedulesQuery, context: RequestContext): Promise<Page<ScheduleView>> {
    const where = this.visible(query, context);
    if (query.cursor) where.add('id > ?::uuid', cursorOrThrow(query.cursor, ID_KEY)[0]);
    const rows = await this.rows(where, query.limit + 1);
    return fitPage(rows.map(toScheduleView), query.limit, (s) => encodeCursor([s.id]));
  }

  /** Every occurrence overlapping [from, to) of the visible schedules: due, done (with the inspection) or missed. */
  async due(query: DueQuery, context: RequestContext): Promise<DueListing> {
    const where = this.visible(query, context);
    if (query.scheduleId) where.add('id = ?', query.scheduleId);
    const rows = await this.rows(where, MAX_SCHEDULES + 1);
    if (rows.length > MAX_SCHEDULES) throw tooLarge(`more than ${MAX_SCHEDULES} schedules`);
    const [from, to, now] = [new Date(query.from), new Date(query.to), new Date()];
    const em = this.orm.em.fork();
    const items: OccurrenceView[] = [];
    for (const { id, state } of rows) {
      const { items: occurrences, truncated } = occurrencesOverlapping(state, from, to, MAX_OCCURRENCES - items.length);
      if (truncated) throw tooLarge(`more than ${MAX_OCCURRENCES} occurrences`);
      if (!occurrences.length) continue;
      const completions = await completionsIn(em, state, occurrences[0].startsAt, occurrences.at(-1)!.endsAt);
      for (const occurrence of occurrences) {
        items.push({ scheduleId: id, templateId: state.templateId, site: state.site, assigneeId: state.assigneeId, ...occurrence, ...occurrenceStatus(occurrence, completions, now), missedAnnounced: false });
      }
    }
    await this.markAnnounced(items);
    items.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.scheduleId.localeCompare(b.scheduleId));
    return { from: from.toISOString(), to: to.toISOString(), items };
  }

  private async markAnnounced(items: OccurrenceView[]): Promise<void> {
    const missed = new Map(items.filter((i) => i.status === 'missed').map((i) => [occurrenceId(i.scheduleId, i.startsAt), i]));
    if (!missed.size) return;
    const rows = await this.orm.em.fork().execute<{ id: string }[]>(`select id from ${OCCURRENCES} where id = any(?::uuid[])`, [`{${[...missed.keys()].join(',')}}`]);
    for (const { id } of rows) missed.get(id)!.missedAnnounced = true;
  }

  private visible(query: { site?: string; assigneeId?: string; templateId?: string }, context: RequestContext): Where {
    const where = new Where();
    where.raw('deleted_at is null');
    if (seesOnlyOwn(context.actor)) where.add('assignee_id = ?', context.actor.id);
    if (query.templateId) where.add('template_id = ?', query.templateId);
    if (query.site) where.add('site = ?', query.site);
    if (query.assigneeId) where.add('assignee_id = ?', query.assigneeId);
    return where;
  }

  private rows(where: Where, limit: number): Promise<Row[]> {
    return this.orm.em.fork().execute<Row[]>(`select id, state, version, created_at, updated_at from ${SCHEDULES} ${where.sql()} order by id limit ?`, [...where.params, limit]);
  }
}

function tooLarge(what: string): AppError {
  return new AppError('RESULT_TOO_LARGE', `The window holds ${what}; narrow it (from/to) or filter by schedule, site or assignee`);
}
