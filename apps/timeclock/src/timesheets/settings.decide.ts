import type { Changes, TimeclockSettings } from '@uehub/contracts';
import type { Aggregate, Decider, NewEvent } from '@uehub/event-store';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_RULES } from './week-totals';

/** The one settings stream of the organisation. */
export const SETTINGS_ID = '00000000-0000-7000-8000-00000000c10c';
const TABLE = 'timeclock.timeclock_settings';

/** Settings state: the defaults until an admin changes them. */
export type SettingsState = TimeclockSettings;

export type SettingsCommand = { kind: 'change'; settings: TimeclockSettings };

/** Pure rule: an admin's new settings become one event with from/to per changed field (nothing when equal). */
export function decideSettings(command: SettingsCommand, state: SettingsState): NewEvent[] {
  const changes: Changes = {};
  for (const key of Object.keys(command.settings) as (keyof TimeclockSettings)[]) {
    if (command.settings[key] !== state[key]) changes[key] = { from: state[key], to: command.settings[key] };
  }
  return Object.keys(changes).length ? [{ type: 'timeclock.settings.changed', data: command.settings, changes }] : [];
}

export function evolveSettings(state: SettingsState, event: NewEvent): SettingsState {
  return event.type === 'timeclock.settings.changed' ? { ...event.data } : state;
}

export const settingsDecider: Decider<SettingsState, SettingsCommand> = {
  initialState: DEFAULT_RULES,
  decide: (command, state) => decideSettings(command, state),
  evolve: evolveSettings,
};

interface SettingsRow {
  time_zone: string;
  week_starts_on: number;
  daily_overtime_minutes: number | null;
  weekly_overtime_minutes: number;
  rounding: number;
  created_at: string;
  updated_at: string;
  version: number;
}

function settingsOf(row: SettingsRow): TimeclockSettings {
  return {
    timeZone: row.time_zone,
    weekStartsOn: row.week_starts_on,
    dailyOvertimeMinutes: row.daily_overtime_minutes,
    weeklyOvertimeMinutes: row.weekly_overtime_minutes,
    rounding: row.rounding as TimeclockSettings['rounding'],
  };
}

/** The current settings and their version (defaults at version 0). */
export async function loadSettings(em: EntityManager, lock = false): Promise<{ settings: TimeclockSettings; version: number; createdAt: string; updatedAt: string | null }> {
  const [row] = await em.execute<SettingsRow[]>(`select * from ${TABLE} where id = ?${lock ? ' for update' : ''}`, [SETTINGS_ID]);
  if (!row) return { settings: DEFAULT_RULES, version: 0, createdAt: '', updatedAt: null };
  return { settings: settingsOf(row), version: row.version, createdAt: new Date(row.created_at).toISOString(), updatedAt: new Date(row.updated_at).toISOString() };
}

export const settingsAggregate: Aggregate<SettingsState, SettingsCommand> = {
  streamType: 'settings',
  decider: settingsDecider,
  projection: {
    async load(tx, id) {
      if (id !== SETTINGS_ID) return undefined;
      const current = await loadSettings(tx, true);
      return current.version === 0 ? undefined : { state: current.settings, version: current.version, createdAt: current.createdAt, updatedAt: current.updatedAt! };
    },
    async save(tx, id, folded) {
      const s = folded.state;
      await tx.execute(
        `insert into ${TABLE} (id, time_zone, week_starts_on, daily_overtime_minutes, weekly_overtime_minutes, rounding, created_at, updated_at, version)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?)
         on conflict (id) do update set time_zone = excluded.time_zone, week_starts_on = excluded.week_starts_on,
           daily_overtime_minutes = excluded.daily_overtime_minutes, weekly_overtime_minutes = excluded.weekly_overtime_minutes,
           rounding = excluded.rounding, updated_at = excluded.updated_at, version = excluded.version`,
        [id, s.timeZone, s.weekStartsOn, s.dailyOvertimeMinutes, s.weeklyOvertimeMinutes, s.rounding, folded.createdAt, folded.updatedAt, folded.version],
      );
    },
  },
};
