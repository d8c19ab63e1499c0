import { Check, Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { StreamRowColumns } from '../store/stream-row.entity';
import { TemplateRecord } from '../templates/template.entity';

const table = 'safety.safety_checklists';

/** The `safety_checklists` projection: one row per inspection stream (answers live in `state`). */
@Entity({ tableName: 'safety_checklists', schema: 'safety' })
@Check({ name: 'safety_checklists_status_check', expression: `status in ('in_progress', 'completed')` })
@Check({ name: 'safety_checklists_result_check', expression: `result in ('pass', 'fail')` })
@Check({ name: 'safety_checklists_completed_check', expression: `(status = 'completed') = (completed_at is not null and result is not null)` })
@Index({ name: 'safety_checklists_site_date_idx', expression: `create index safety_checklists_site_date_idx on ${table} (site, created_at desc, id desc)` })
@Index({ name: 'safety_checklists_date_idx', expression: `create index safety_checklists_date_idx on ${table} (created_at desc, id desc)` })
@Index({ name: 'safety_checklists_template_idx', expression: `create index safety_checklists_template_idx on ${table} (template_id, created_at desc)` })
@Index({ name: 'safety_checklists_inspector_idx', expression: `create index safety_checklists_inspector_idx on ${table} (inspector_id, created_at desc)` })
// "was this occurrence done": completed inspections by template, site and time (schedules migration)
@Index({
  name: 'safety_checklists_completed_idx',
  expression: `create index safety_checklists_completed_idx on ${table} (template_id, site, completed_at) where status = 'completed'`,
})
export class InspectionRecord extends StreamRowColumns {
  @ManyToOne(() => TemplateRecord, { fieldName: 'template_id', foreignKeyName: 'safety_checklists_template_fkey', updateRule: 'no action', deleteRule: 'no action', mapToPk: true })
  template!: string;

  @Property({ type: 'integer' })
  templateVersion!: number;

  @Property({ type: 'text' })
  site!: string;

  @Property({ type: 'uuid', nullable: true })
  assetId!: string | null;

  @Property({ type: 'uuid' })
  inspectorId!: string;

  @Property({ type: 'text' })
  status!: 'in_progress' | 'completed';

  @Property({ type: 'text', nullable: true })
  result!: 'pass' | 'fail' | null;

  @Property({ type: 'decimal', precision: 4, scale: 1, nullable: true })
  score!: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
