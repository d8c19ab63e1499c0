import { PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * The columns every safety stream's row has: its id, `state` (the folded state `evolve`
 * computed, which views are built from), the stream version and the times. Entities extend it.
 */
export abstract class StreamRowColumns {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'jsonb' })
  state!: unknown;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}
