import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { type ListShiftsQuery, type OnTheClockRow, type Page, type RequestContext, type ShiftDetail, type ShiftView } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { requestRepository } from './correction-request.repository';
import { keysetPage } from './keyset-page';
import { assertMayRead, readsAll } from './shift-access';
import { shiftHistory } from './shift-history';
import { LIVE_SHIFTS, shiftViewOf, type ShiftColumns } from './shift-projector';
import { shiftRepository } from './shift.repository';

/** Reads of shifts, with the role rules: workers and employees see their own; managers, admins and auditors everyone's. */
@Injectable()
export class ShiftQueries {
  constructor(private readonly orm: MikroORM) {}

  async get(id: string, context: RequestContext): Promise<ShiftDetail> {
    const em = this.orm.em.fork();
    const row = await shiftRepository.find(em, id);
    if (!row) throw new AppError('NOT_FOUND', 'No such shift');
    assertMayRead(context.actor, row.user_id);
    return { ...shiftViewOf(row), history: await shiftHistory(em, id), correctionRequests: await requestRepository.ofShift(em, id) };
  }

  /** Shifts by start time, newest first, keyset-paged. */
  list(query: ListShiftsQuery, context: RequestContext): Promise<Page<ShiftView>> {
    const { actor } = context;
    const userId = readsAll(actor) ? query.userId : (query.userId ?? actor.id);
    if (userId !== undefined) assertMayRead(actor, userId);
    const filters: [string, unknown][] = [];
    if (userId) filters.push(['user_id = ?', userId]);
    if (query.from) filters.push(['started_at >= ?', query.from]);
    if (query.to) filters.push(['started_at < ?', query.to]);
    return keysetPage<ShiftColumns, ShiftView>(this.orm.em.fork(), { table: LIVE_SHIFTS, columns: '*', timeColumn: 'started_at' }, filters, query, shiftViewOf);
  }

  /** Who is working now (managers' live board): since when, where, and whether on a break. */
  async onTheClock(context: RequestContext): Promise<{ items: OnTheClockRow[] }> {
    if (!readsAll(context.actor)) throw new AppError('FORBIDDEN', 'Only managers and up, and auditors, see who is on the clock');
    const rows = await this.orm.em.fork().execute<(ShiftColumns & { name: string | null })[]>(
      `select s.*, u.name from ${LIVE_SHIFTS} s join timeclock.timeclock_user_refs u on u.id = s.user_id
        where s.ended_at is null order by s.started_at, s.id limit 1000`,
    );
    return {
      items: rows.map((row) => {
        const view = shiftViewOf(row);
        const onBreak = view.breaks.find((b) => b.endedAt === null);
        return { userId: view.userId, name: row.name, shiftId: view.id, since: view.startedAt, location: view.location, job: view.job, onBreakSince: onBreak?.startedAt ?? null };
      }),
    };
  }
}
