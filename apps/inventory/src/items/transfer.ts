import type { EntityManager } from '@mikro-orm/postgresql';
import type { MovementInput } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { v7 as uuidv7 } from 'uuid';
import { itemRepository, type ItemRow } from './item.repository';

/**
 * Finds (or names) the item a transfer goes to: the same SKU at `toLocation`. Both rows are
 * locked in id order, so two opposite transfers cannot deadlock. A missing target gets a new
 * id and is created by the caller (a racing creator hits the unique index and is retried).
 */
export async function transferTarget(
  tx: EntityManager,
  sourceId: string,
  movement: MovementInput,
): Promise<{ id: string; row?: ItemRow }> {
  const source = await itemRepository.find(tx, sourceId);
  if (!source) throw new AppError('NOT_FOUND', 'No such item');
  if (!movement.toLocation) throw new AppError('VALIDATION_FAILED', 'A transfer needs toLocation');
  const existing = await itemRepository.findBySkuAt(tx, source.sku, movement.toLocation);
  if (!existing) return { id: uuidv7() };
  if (existing.id === sourceId) return { id: existing.id, row: existing };
  const [first, second] = [sourceId, existing.id].sort();
  await itemRepository.find(tx, first, true);
  await itemRepository.find(tx, second, true);
  return { id: existing.id, row: await itemRepository.find(tx, existing.id, true) };
}
