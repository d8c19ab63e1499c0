/** How long records are kept, by event-type prefix (whole segments); the longest prefix wins. */
export interface RetentionSettings {
  rules: RetentionRule[];
  /** For event types no rule names. */
  defaultAge: RetentionAge;
}

export interface RetentionRule {
  prefix: string;
  age: RetentionAge;
}

export interface RetentionAge {
  years: number;
  days: number;
}

export const DEFAULT_RETENTION: RetentionSettings = {
  rules: [
    { prefix: 'timeclock', age: { years: 3, days: 0 } },
    { prefix: 'safety', age: { years: 5, days: 0 } },
    { prefix: 'auth', age: { years: 2, days: 0 } },
  ],
  defaultAge: { years: 3, days: 0 },
};

const ENV_PREFIX = 'AUDIT_RETENTION_';

/** `3y` or `90d` (a whole number of years or days, at least one day). */
export function parseRetentionAge(name: string, text: string): RetentionAge {
  const match = /^([1-9]\d{0,4})([yd])$/.exec(text.trim());
  if (!match) throw new Error(`${name} "${text}" is not valid: use a whole number of years or days, such as 3y or 90d`);
  const n = Number(match[1]);
  return match[2] === 'y' ? { years: n, days: 0 } : { years: 0, days: n };
}

/**
 * `AUDIT_RETENTION_DEFAULT` (3y) for every type, and `AUDIT_RETENTION_<PREFIX>` per
 * event-type prefix: `AUDIT_RETENTION_SAFETY=5y`, `AUDIT_RETENTION_AUTH__SESSION=90d`
 * (`__` separates segments: `auth.session.*`). They replace the defaults of the same prefix.
 */
export function loadRetentionSettings(env: NodeJS.ProcessEnv): RetentionSettings {
  const rules = new Map(DEFAULT_RETENTION.rules.map((rule) => [rule.prefix, rule.age]));
  let defaultAge = DEFAULT_RETENTION.defaultAge;
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || value === undefined) continue;
    const key = name.slice(ENV_PREFIX.length);
    const age = parseRetentionAge(name, value);
    if (key === 'DEFAULT') {
      defaultAge = age;
      continue;
    }
    if (!/^[A-Z_]+$/.test(key) || key.startsWith('_') || key.endsWith('_')) throw new Error(`${name}: the prefix must be an event-type prefix such as SAFETY or AUTH__SESSION`);
    rules.set(key.toLowerCase().replaceAll('__', '.'), age);
  }
  return { rules: [...rules].map(([prefix, age]) => ({ prefix, age })), defaultAge };
}

/** The retention of a running audit service, from the process environment. */
export function retentionSettingsOf(): RetentionSettings {
  return loadRetentionSettings(process.env);
}

/** The instant before which a record of this age is past retention. */
export function cutoffOf(age: RetentionAge, now: Date): Date {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - age.years);
  cutoff.setUTCDate(cutoff.getUTCDate() - age.days);
  return cutoff;
}

/** The rule for an event type: the longest prefix on whole segments, else the default. */
export function retentionOf(settings: RetentionSettings, eventType: string): RetentionAge {
  const matching = settings.rules.filter((rule) => eventType === rule.prefix || eventType.startsWith(`${rule.prefix}.`));
  return matching.sort((a, b) => b.prefix.length - a.prefix.length)[0]?.age ?? settings.defaultAge;
}
