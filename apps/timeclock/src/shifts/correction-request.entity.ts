import { Check, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { ShiftRecord } from './shift.entity';

/** The `timeclock_correction_requests` projection of the shift streams' request events (correction-request-projector.ts writes it). */
@Entity({ tableName: 'timeclock_correction_requests', schema: 'timeclock' })
@Check({ name: 'timeclock_correction_requests_status_check', expression: `status in ('pending', 'accepted', 'declined')` })
@Index({
  name: 'timeclock_correction_requests_status_idx',
  expression: 'create index timeclock_correction_requests_status_idx on timeclock.timeclock_correction_requests (status, requested_at desc, id desc)',
})
@Index({
  name: 'timeclock_correction_requests_user_idx',
  expression: 'create index timeclock_correction_requests_user_idx on timeclock.timeclock_correction_requests (user_id, requested_at desc, id desc)',
})
export class CorrectionRequestRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Index({ name: 'timeclock_correction_requests_shift_idx' })
  @ManyToOne(() => ShiftRecord, { fieldName: 'shift_id', foreignKeyName: 'timeclock_correction_requests_shift_id_fkey', updateRule: 'no action', deleteRule: 'no action', mapToPk: true })
  shift!: string;

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  status!: 'pending' | 'accepted' | 'declined';

  @Property({ type: 'jsonb' })
  requested!: unknown;

  @Property({ type: 'jsonb' })
  changes!: unknown;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'timestamptz' })
  requestedAt!: Date;

  @Property({ type: 'text', nullable: true })
  resolvedBy!: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Property({ type: 'text', nullable: true })
  resolution!: string | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;

  @Property({ type: 'integer' })
  version!: number;
}
