import { Check, Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { StreamRowColumns } from '../store/stream-row.entity';
import { TemplateRecord } from '../templates/template.entity';

const table = 'safety.safety_schedules';

/** The `safety_schedules` projection: one row per schedule stream (deleted ones keep their row). */
@Entity({ tableName: 'safety_schedules', schema: 'safety' })
@Check({ name: 'safety_schedules_window_check', expression: 'window_minutes > 0' })
@Index({ name: 'safety_schedules_live_idx', expression: `create index safety_schedules_live_idx on ${table} (id) where deleted_at is null` })
@Index({ name: 'safety_schedules_assignee_idx', expression: `create index safety_schedules_assignee_idx on ${table} (assignee_id, id) where deleted_at is null` })
export class ScheduleRecord extends StreamRowColumns {
  @ManyToOne(() => TemplateRecord, { fieldName: 'template_id', foreignKeyName: 'safety_schedules_template_fkey', updateRule: 'no action', deleteRule: 'no action', mapToPk: true })
  template!: string;

  @Property({ type: 'text' })
  site!: string;

  @Property({ type: 'uuid' })
  assigneeId!: string;

  @Property({ type: 'text' })
  rrule!: string;

  @Property({ type: 'text' })
  timeZone!: string;

  @Property({ type: 'timestamptz' })
  startsAt!: Date;

  @Property({ type: 'integer', nullable: true })
  windowMinutes!: number | null;

  @Property({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
