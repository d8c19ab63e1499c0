import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  encodeCursor,
  pgDateTimeSchema,
  type ActionView,
  type InspectionView,
  type ListActionsQuery,
  type ListInspectionsQuery,
  type ListTemplatesQuery,
  type Page,
  type RequestContext,
  type TemplateView,
} from '@uehub/contracts';
import { cursorOrThrow } from '@uehub/errors';
import { fitPage } from '@uehub/messaging';
import { z } from 'zod';
import { assertMaySee, seesOnlyOwn } from './access';
import { ACTIONS, toActionView } from './actions/action.aggregate';
import type { ActionState } from './actions/action.decide';
import { CHECKLISTS, toInspectionView } from './inspections/inspection.aggregate';
import type { InspectionState } from './inspections/inspection.decide';
import { findRow } from './store/rows';
import { Where } from './store/where';
import type { StateRow } from './store/state-rows';
import { TEMPLATES, toTemplateView } from './templates/template.aggregate';
import type { TemplateState } from './templates/template.decide';

const NEWEST_KEY = z.tuple([pgDateTimeSchema, z.uuid()]);
const ID_KEY = z.tuple([z.uuid()]);
const SELECT = 'select id, state, version, created_at, updated_at from';

type Row<S> = StateRow & { state: NonNullable<S> };

/** Reads of templates, inspections and actions; workers see only their own. */
@Injectable()
export class SafetyQueries {
  constructor(private readonly orm: MikroORM) {}

  async template(id: string, _context: RequestContext): Promise<TemplateView> {
    return toTemplateView(await findRow<NonNullable<TemplateState>>(this.orm.em.fork(), TEMPLATES, id, 'template'));
  }

  async templates(query: ListTemplatesQuery, _context: RequestContext): Promise<Page<TemplateView>> {
    const where = new Where();
    if (query.status) where.add('status = ?', query.status);
    if (query.cursor) where.add('id > ?::uuid', cursorOrThrow(query.cursor, ID_KEY)[0]);
    const rows = await this.rows<TemplateState>(TEMPLATES, where, 'id', query.limit);
    return fitPage(rows.map(toTemplateView), query.limit, (t) => encodeCursor([t.id]));
  }

  async inspection(id: string, context: RequestContext): Promise<InspectionView> {
    const row = await findRow<NonNullable<InspectionState>>(this.orm.em.fork(), CHECKLISTS, id, 'inspection');
    assertMaySee(context.actor, row.state.inspectorId, 'inspection');
    return toInspectionView(row);
  }

  async inspections(query: ListInspectionsQuery, context: RequestContext): Promise<Page<InspectionView>> {
    const where = new Where();
    if (seesOnlyOwn(context.actor)) where.add('inspector_id = ?', context.actor.id);
    if (query.site) where.add('site = ?', query.site);
    if (query.templateId) where.add('template_id = ?', query.templateId);
    if (query.result) where.add('result = ?', query.result);
    if (query.status) where.add('status = ?', query.status);
    if (query.from) where.add('created_at >= ?', query.from);
    if (query.to) where.add('created_at < ?', query.to);
    newestFirst(where, query.cursor);
    const rows = await this.rows<InspectionState>(CHECKLISTS, where, 'created_at desc, id desc', query.limit);
    return fitPage(rows.map(toInspectionView), query.limit, (i) => encodeCursor([i.createdAt, i.id]));
  }

  async action(id: string, context: RequestContext): Promise<ActionView> {
    const row = await findRow<NonNullable<ActionState>>(this.orm.em.fork(), ACTIONS, id, 'action');
    assertMaySee(context.actor, row.state.assigneeId, 'action');
    return toActionView(row);
  }

  async actions(query: ListActionsQuery, context: RequestContext): Promise<Page<ActionView>> {
    const { sql, params } = actionListQuery(query, context);
    const rows = await this.orm.em.fork().execute<Row<ActionState>[]>(sql, params);
    const cursorOf = (a: ActionView) => encodeCursor(query.open ? [a.dueAt, a.id] : [a.createdAt, a.id]);
    return fitPage(rows.map((row) => toActionView(row)), query.limit, cursorOf);
  }

  private rows<S>(table: string, where: Where, order: string, limit: number): Promise<Row<S>[]> {
    return this.orm.em.fork().execute<Row<S>[]>(`${SELECT} ${table} ${where.sql()} order by ${order} limit ?`, [...where.params, limit + 1]);
  }
}

const OPEN = `status in ('open', 'in_progress')`;

/**
 * The SQL of an action list. `open=true` is the to-do list (open and in progress, soonest due
 * first): with an assignee it is answered from `safety_actions_open_assignee_idx`, without one
 * from `safety_actions_open_due_idx` (both partial on the same predicate).
 */
export function actionListQuery(query: ListActionsQuery, context: RequestContext): { sql: string; params: unknown[] } {
  const where = new Where();
  if (seesOnlyOwn(context.actor)) where.add('assignee_id = ?', context.actor.id);
  if (query.assigneeId) where.add('assignee_id = ?', query.assigneeId);
  if (query.status) where.add('status = ?', query.status);
  if (query.priority) where.add('priority = ?', query.priority);
  if (query.overdue !== undefined) where.raw(query.overdue ? `${OPEN} and due_at < now()` : `not (${OPEN} and due_at < now())`);
  if (query.needsOwner) where.raw(`${OPEN} and assignee_id in (select id from safety.safety_user_refs where not is_active)`);
  if (query.open) {
    where.raw(OPEN);
    if (query.cursor) where.add('(due_at, id) > (?::timestamptz, ?::uuid)', ...cursorOrThrow(query.cursor, NEWEST_KEY));
  } else newestFirst(where, query.cursor);
  const order = query.open ? 'due_at, id' : 'created_at desc, id desc';
  return { sql: `${SELECT} ${ACTIONS} ${where.sql()} order by ${order} limit ?`, params: [...where.params, query.limit + 1] };
}

function newestFirst(where: Where, cursor: string | undefined): void {
  if (!cursor) return;
  const [createdAt, id] = cursorOrThrow(cursor, NEWEST_KEY);
  where.add('(created_at, id) < (?::timestamptz, ?::uuid)', createdAt, id);
}
