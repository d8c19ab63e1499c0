import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TimeclockUserRefRecord } from '../users/user-ref.entity';

/**
 * The `timeclock_shifts` projection: one row per shift stream. The command path writes it with
 * one statement (shift-projector.ts); this is its one description, and
 * `timeclock-entities.int.spec.ts` shows it agrees with the migrations. The database holds the
 * punch invariants: one open shift per user (partial unique index), no two shifts of a user
 * overlapping (exclusion constraint, a `@Check` whose body is `exclude ...`), end after start.
 */
@Entity({ tableName: 'timeclock_shifts', schema: 'timeclock' })
@Check({ name: 'timeclock_shifts_end_after_start', expression: 'ended_at is null or ended_at > started_at' })
@Unique({ name: 'timeclock_shifts_one_open', expression: 'create unique index timeclock_shifts_one_open on timeclock.timeclock_shifts (user_id) where ended_at is null' })
@Index({ name: 'timeclock_shifts_user_started_idx', expression: 'create index timeclock_shifts_user_started_idx on timeclock.timeclock_shifts (user_id, started_at desc, id desc)' })
@Index({ name: 'timeclock_shifts_started_idx', properties: ['startedAt', 'id'] })
@Check({ name: 'timeclock_shifts_no_overlap', expression: `exclude using gist (user_id with =, tstzrange(started_at, ended_at, '[)') with &&)` })
export class ShiftRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => TimeclockUserRefRecord, { fieldName: 'user_id', foreignKeyName: 'timeclock_shifts_user_id_fkey', updateRule: 'no action', deleteRule: 'no action', mapToPk: true })
  user!: string;

  @Property({ type: 'timestamptz' })
  startedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Property({ type: 'jsonb', defaultRaw: `'[]'` })
  breaks!: unknown[];

  @Property({ type: 'text', nullable: true })
  location!: string | null;

  @Property({ type: 'text', nullable: true })
  job!: string | null;

  @Property({ type: 'text', nullable: true })
  note!: string | null;

  @Property({ type: 'jsonb', nullable: true })
  geo!: unknown;

  @Property({ type: 'text', nullable: true })
  flag!: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  startDeviceTime!: Date | null;

  @Property({ type: 'timestamptz' })
  startReceivedAt!: Date;

  @Property({ type: 'uuid', nullable: true })
  startPunchId!: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  endDeviceTime!: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  endReceivedAt!: Date | null;

  @Property({ type: 'uuid', nullable: true })
  endPunchId!: string | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;

  @Property({ type: 'integer' })
  version!: number;
}
