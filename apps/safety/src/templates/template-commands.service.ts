import { Injectable } from '@nestjs/common';
import { MANAGER_ROLES, type RequestContext, type TemplateContent, type TemplateView } from '@uehub/contracts';
import { assertActorRole } from '@uehub/errors';
import { CommandHandler, type CommandOptions, type Executed } from '@uehub/event-store';
import { v7 as uuidv7 } from 'uuid';
import { templateAggregate, toTemplateView } from './template.aggregate';
import type { TemplateCommand, TemplateState } from './template.decide';
import { executedRow } from '../store/state-rows';

/** Template commands (managers and up) on the shared command handler. */
@Injectable()
export class TemplateCommands {
  constructor(private readonly commands: CommandHandler) {}

  create(content: TemplateContent, context: RequestContext): Promise<TemplateView> {
    return this.execute(uuidv7(), { kind: 'create', content }, undefined, context, { pattern: 'safety.templates.create', payload: content });
  }

  /** `request` guards an Idempotency-Key (default: the command on this id). */
  execute(id: string, command: TemplateCommand, expectedVersion: number | undefined, context: RequestContext, request?: CommandOptions['request']): Promise<TemplateView> {
    assertActorRole(context.actor, MANAGER_ROLES, 'manage checklist templates');
    return this.commands.handle(templateAggregate, id, command, { context, expectedVersion, request: request ?? { pattern: `safety.templates.${command.kind}`, payload: { id, command, expectedVersion } } }, (executed) => viewOf(id, executed));
  }
}

function viewOf(id: string, executed: Executed<TemplateState>): TemplateView {
  return toTemplateView(executedRow(id, executed));
}
