import type { EntityManager } from '@mikro-orm/postgresql';
import { LIVE_SHIFTS, type ShiftColumns } from './shift-projector';

/** Reads of the shift table that commands and queries share. */
export const shiftRepository = {
  /** The user's open shift, if any. */
  async openShiftOf(em: EntityManager, userId: string): Promise<string | undefined> {
    const [row] = await em.execute<{ id: string }[]>(`select id from ${LIVE_SHIFTS} where user_id = ? and ended_at is null`, [userId]);
    return row?.id;
  },

  /** A closed shift of the user still running at `at` or later: a shift started at `at` would overlap it. */
  async closedShiftEndingAfter(em: EntityManager, userId: string, at: string): Promise<string | undefined> {
    const [row] = await em.execute<{ id: string }[]>(
      `select id from ${LIVE_SHIFTS} where user_id = ? and ended_at is not null and ended_at > ? order by ended_at desc limit 1`,
      [userId, at],
    );
    return row?.id;
  },

  async find(em: EntityManager, id: string): Promise<ShiftColumns | undefined> {
    const [row] = await em.execute<ShiftColumns[]>(`select * from ${LIVE_SHIFTS} where id = ?`, [id]);
    return row;
  },
};
