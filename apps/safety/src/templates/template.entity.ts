import { Check, Entity, Index, Property } from '@mikro-orm/decorators/legacy';
import { StreamRowColumns } from '../store/stream-row.entity';

/** The `safety_templates` projection: one row per template stream. */
@Entity({ tableName: 'safety_templates', schema: 'safety' })
@Check({ name: 'safety_templates_status_check', expression: `status in ('draft', 'published', 'archived')` })
@Index({ name: 'safety_templates_status_idx', properties: ['status', 'id'] })
export class TemplateRecord extends StreamRowColumns {
  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  category!: string;

  @Property({ type: 'text' })
  status!: 'draft' | 'published' | 'archived';

  @Property({ type: 'integer' })
  latestVersion!: number;

  @Property({ type: 'integer', nullable: true })
  publishedVersion!: number | null;
}
