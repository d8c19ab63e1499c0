import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { RequestContext, ShiftView } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { assertMayRead } from './shift-access';
import { shiftViewOf } from './shift-projector';
import { shiftRepository } from './shift.repository';

/** Reads of shifts, with the role rules. */
@Injectable()
export class ShiftQueries {
  constructor(private readonly orm: MikroORM) {}

  async get(id: string, context: RequestContext): Promise<ShiftView> {
    const row = await shiftRepository.find(this.orm.em.fork(), id);
    if (!row) throw new AppError('NOT_FOUND', 'No such shift');
    assertMayRead(context.actor, row.user_id);
    return shiftViewOf(row);
  }
}
