import { Entity } from '@mikro-orm/decorators/legacy';
import { UserRefColumns } from '@uehub/user-replica';

/** Inventory's replica of auth's users (`inventory_user_refs`), described for the item's foreign key and typed reads. */
@Entity({ tableName: 'inventory_user_refs', schema: 'inventory' })
export class UserRefRecord extends UserRefColumns {}
