import type { EntityManager } from '@mikro-orm/postgresql';
import type { TemplateVersionView } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { findRow } from '../store/rows';
import { TEMPLATES } from './template.aggregate';
import { publishedVersion, type TemplateState } from './template.decide';

/** The version inspections of a template start from: its newest published one (422 when archived or never published). */
export async function startableVersion(tx: EntityManager, templateId: string): Promise<TemplateVersionView> {
  const template = await findRow<NonNullable<TemplateState>>(tx, TEMPLATES, templateId, 'template');
  const published = publishedVersion(template.state);
  if (template.state.archived) throw new AppError('RULE_VIOLATED', 'The template is archived');
  if (!published) throw new AppError('RULE_VIOLATED', 'The template has no published version');
  return published;
}
