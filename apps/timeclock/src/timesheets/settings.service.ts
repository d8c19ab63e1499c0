import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { ADMIN_ROLES, type RequestContext, type SettingsView, type TimeclockSettings } from '@uehub/contracts';
import { assertActorRole } from '@uehub/errors';
import { CommandHandler } from '@uehub/event-store';
import { loadSettings, SETTINGS_ID, settingsAggregate } from './settings.decide';

/** The organisation's timesheet settings: anyone signed in reads them, admins change them. */
@Injectable()
export class TimeclockSettingsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly commands: CommandHandler,
  ) {}

  async get(): Promise<SettingsView> {
    const { settings, version, updatedAt } = await loadSettings(this.orm.em.fork());
    return { ...settings, version, updatedAt };
  }

  async update(settings: TimeclockSettings, expectedVersion: number | undefined, context: RequestContext): Promise<SettingsView> {
    assertActorRole(context.actor, ADMIN_ROLES, 'change the timeclock settings');
    const request = { pattern: 'timeclock.settings.update', payload: { settings, expectedVersion } };
    return this.commands.run({ context, request }, async (session) => {
      await session.execute(settingsAggregate, SETTINGS_ID, { kind: 'change', settings }, { expectedVersion });
      const current = await loadSettings(session.tx);
      return { ...current.settings, version: current.version, updatedAt: current.updatedAt };
    });
  }
}
