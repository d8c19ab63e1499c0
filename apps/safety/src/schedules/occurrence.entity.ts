import { Check, Entity, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { StreamRowColumns } from '../store/stream-row.entity';
import { ScheduleRecord } from './schedule.entity';

/** The `safety_schedule_occurrences` projection: one row per occurrence announced as missed. */
@Entity({ tableName: 'safety_schedule_occurrences', schema: 'safety' })
@Check({ name: 'safety_schedule_occurrences_status_check', expression: `status in ('missed')` })
@Check({ name: 'safety_schedule_occurrences_window_check', expression: 'ends_at > starts_at' })
@Unique({ name: 'safety_schedule_occurrences_unique', properties: ['schedule', 'startsAt'] })
export class OccurrenceRecord extends StreamRowColumns {
  @ManyToOne(() => ScheduleRecord, { fieldName: 'schedule_id', foreignKeyName: 'safety_schedule_occurrences_schedule_fkey', updateRule: 'no action', deleteRule: 'no action', mapToPk: true })
  schedule!: string;

  @Property({ type: 'timestamptz' })
  startsAt!: Date;

  @Property({ type: 'timestamptz' })
  endsAt!: Date;

  @Property({ type: 'text' })
  status!: 'missed';
}
