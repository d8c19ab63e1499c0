import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { decodeCursor, encodeCursor, type ListShiftsQuery, type OnTheClockRow, type Page, type RequestContext, type ShiftDetail, type ShiftView } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { z } from 'zod';
import { assertMayRead, readsAll } from './shift-access';
import { shiftHistory } from './shift-history';
import { LIVE_SHIFTS, shiftViewOf, type ShiftColumns } from './shift-projector';
import { shiftRepository } from './shift.repository';

const cursorKey = z.tuple([z.iso.datetime(), z.uuid()]);

/** Reads of shifts, with the role rules: workers and employees see their own; managers, admins and auditors everyone's. */
@Injectable()
export class ShiftQueries {
  constructor(private readonly orm: MikroORM) {}

  async get(id: string, context: RequestContext): Promise<ShiftDetail> {
    const em = this.orm.em.fork();
    const row = await shiftRepository.find(em, id);
    if (!row) throw new AppError('NOT_FOUND', 'No such shift');
    assertMayRead(context.actor, row.user_id);
    return { ...shiftViewOf(row), history: await shiftHistory(em, id) };
  }

  /** Shifts by start time, newest first, keyset-paged. */
  async list(query: ListShiftsQuery, context: RequestContext): Promise<Page<ShiftView>> {
    const { actor } = context;
    const userId = readsAll(actor) ? query.userId : (query.userId ?? actor.id);
    if (userId !== undefined) assertMayRead(actor, userId);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    if (userId) add('user_id = ?', userId);
    if (query.from) add('started_at >= ?', query.from);
    if (query.to) add('started_at < ?', query.to);
    if (query.cursor) {
      const key = decodeCursor(query.cursor, cursorKey);
      if (!key) throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API issued', [{ path: 'cursor', message: 'not valid' }]);
      add('(started_at, id) < (?::timestamptz, ?::uuid)', ...key);
    }
    const rows = await this.orm.em
      .fork()
      .execute<ShiftColumns[]>(
        `select * from ${LIVE_SHIFTS} ${where.length ? `where ${where.join(' and ')}` : ''} order by started_at desc, id desc limit ?`,
        [...params, query.limit + 1],
      );
    const items = rows.slice(0, query.limit).map(shiftViewOf);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.startedAt, last.id]) : null };
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
