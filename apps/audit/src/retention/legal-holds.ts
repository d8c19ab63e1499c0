import type { EntityManager } from '@mikro-orm/postgresql';
import type { LegalHoldRequest, LegalHoldScope, LegalHoldView } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { v7 as uuidv7 } from 'uuid';
import { AUDIT_LEGAL_HOLDS } from '../audit-tables';

interface HoldRow {
  id: string;
  entity_type: string | null;
  entity_id: string | null;
  actor_id: string | null;
  from_time: Date | null;
  to_time: Date | null;
  reason: string;
  set_by: string;
  set_at: Date;
  lifted_at: Date | null;
  lifted_by: string | null;
  lift_reason: string | null;
}

const COLUMNS = 'id, entity_type, entity_id, actor_id, from_time, to_time, reason, set_by, set_at, lifted_at, lifted_by, lift_reason';

const iso = (value: Date | string): string => new Date(value).toISOString();

function scopeOf(row: HoldRow): LegalHoldScope {
  if (row.entity_id) return row.entity_type ? { entityId: row.entity_id, entityType: row.entity_type } : { entityId: row.entity_id };
  if (row.actor_id) return { actorId: row.actor_id };
  return { from: iso(row.from_time!), to: iso(row.to_time!) };
}

function viewOf(row: HoldRow): LegalHoldView {
  return {
    id: row.id,
    scope: scopeOf(row),
    reason: row.reason,
    setBy: row.set_by,
    setAt: iso(row.set_at),
    lifted: row.lifted_at ? { at: iso(row.lifted_at), by: row.lifted_by!, reason: row.lift_reason! } : null,
  };
}

/** Stores a new, active hold. */
export async function setLegalHold(em: EntityManager, request: LegalHoldRequest, setBy: string): Promise<LegalHoldView> {
  const scope = {
    entityId: 'entityId' in request ? request.entityId : null,
    entityType: 'entityId' in request ? (request.entityType ?? null) : null,
    actorId: 'actorId' in request ? request.actorId : null,
    from: 'from' in request ? request.from : null,
    to: 'to' in request ? request.to : null,
  };
  const [row] = await em.execute<HoldRow[]>(
    `insert into ${AUDIT_LEGAL_HOLDS} (id, entity_type, entity_id, actor_id, from_time, to_time, reason, set_by) values (?, ?, ?, ?, ?, ?, ?, ?) returning ${COLUMNS}`,
    [uuidv7(), scope.entityType, scope.entityId, scope.actorId, scope.from, scope.to, request.reason, setBy],
  );
  return viewOf(row);
}

/** Lifts an active hold (it stays listed, with who lifted it and why). */
export async function liftLegalHold(em: EntityManager, id: string, reason: string, liftedBy: string): Promise<LegalHoldView> {
  const [row] = await em.execute<HoldRow[]>(
    `update ${AUDIT_LEGAL_HOLDS} set lifted_at = now(), lifted_by = ?, lift_reason = ? where id = ? and lifted_at is null returning ${COLUMNS}`,
    [liftedBy, reason, id],
  );
  if (row) return viewOf(row);
  const [existing] = await em.execute<{ id: string }[]>(`select id from ${AUDIT_LEGAL_HOLDS} where id = ?`, [id]);
  if (existing) throw new AppError('RULE_VIOLATED', `legal hold ${id} was lifted already`);
  throw new AppError('NOT_FOUND', `no legal hold ${id}`);
}

/** Every hold, active and lifted, newest first. */
export async function listLegalHolds(em: EntityManager): Promise<LegalHoldView[]> {
  const rows = await em.execute<HoldRow[]>(`select ${COLUMNS} from ${AUDIT_LEGAL_HOLDS} order by set_at desc, id desc`);
  return rows.map(viewOf);
}

/** SQL: an active hold covers the audit record aliased `r` (its entity, its actor, or its time). */
export const HELD_BY_ACTIVE_HOLD = `exists (select 1 from ${AUDIT_LEGAL_HOLDS} h where h.lifted_at is null and (
  (h.entity_id = r.entity_id and (h.entity_type is null or h.entity_type = r.entity_type))
  or h.actor_id = r.actor_id
  or (r.occurred_at >= h.from_time and r.occurred_at < h.to_time)))`;
