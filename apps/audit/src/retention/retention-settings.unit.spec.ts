import { cutoffOf, DEFAULT_RETENTION, loadRetentionSettings, retentionOf } from './retention-settings';

describe('retention settings', () => {
  it('should keep timeclock 3 years, safety 5, auth 2 and anything else 3 by default', () => {
    const settings = loadRetentionSettings({});
    expect(settings).toEqual(DEFAULT_RETENTION);
    expect(['timeclock.shift.closed', 'safety.inspection.completed', 'auth.user.created', 'inventory.item.created', 'authx.thing.done'].map((type) => retentionOf(settings, type).years)).toEqual([3, 5, 2, 3, 3]);
  });

  it('should read AUDIT_RETENTION_<PREFIX> (longest prefix wins) and AUDIT_RETENTION_DEFAULT', () => {
    const settings = loadRetentionSettings({ AUDIT_RETENTION_DEFAULT: '400d', AUDIT_RETENTION_AUTH__SESSION: '90d', AUDIT_RETENTION_SAFETY: '10y' });
    expect(retentionOf(settings, 'auth.session.started')).toEqual({ years: 0, days: 90 });
    expect(retentionOf(settings, 'auth.user.created')).toEqual({ years: 2, days: 0 });
    expect(retentionOf(settings, 'safety.inspection.completed')).toEqual({ years: 10, days: 0 });
    expect(retentionOf(settings, 'inventory.item.created')).toEqual({ years: 0, days: 400 });
  });

  it('should refuse an age that is not whole years or days, and a malformed prefix', () => {
    expect(() => loadRetentionSettings({ AUDIT_RETENTION_AUTH: '2 years' })).toThrow('AUDIT_RETENTION_AUTH "2 years" is not valid');
    expect(() => loadRetentionSettings({ AUDIT_RETENTION_DEFAULT: '0d' })).toThrow('is not valid');
    expect(() => loadRetentionSettings({ AUDIT_RETENTION_AUTH_: '2y' })).toThrow('must be an event-type prefix');
  });

  it('should cut off at the same calendar date that many years or days before', () => {
    const now = new Date('2026-11-28T03:00:00.000Z');
    expect(cutoffOf({ years: 3, days: 0 }, now).toISOString()).toBe('2023-11-28T03:00:00.000Z');
    expect(cutoffOf({ years: 0, days: 90 }, now).toISOString()).toBe('2026-08-30T03:00:00.000Z');
  });
});
