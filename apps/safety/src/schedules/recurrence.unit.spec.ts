import { checkRrule } from './rrule-grammar';
import { occurrencesOverlapping, validateRecurrence, wallClockOf, type Recurrence } from './recurrence';

const daily: Recurrence = { rrule: 'FREQ=DAILY', startsAt: '2026-11-01T08:00:00', timeZone: 'UTC', windowMinutes: null };
const utc = (iso: string) => new Date(iso);
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'accepted';
};

describe('recurrence rules (RFC 5545 RRULE, the accepted part)', () => {
  it('should accept daily, weekly and monthly rules and normalise them', () => {
    expect(checkRrule('rrule:freq=weekly;byday=mo,fr;byhour=7;')).toBe('FREQ=WEEKLY;BYDAY=MO,FR;BYHOUR=7');
    for (const rule of ['FREQ=DAILY', 'FREQ=HOURLY;INTERVAL=4', 'FREQ=MONTHLY;BYDAY=-1FR', 'FREQ=MONTHLY;BYMONTHDAY=1,15', 'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1', 'FREQ=DAILY;COUNT=5', 'FREQ=WEEKLY;UNTIL=20270101T000000Z']) {
      expect([rule, codeOf(() => checkRrule(rule))]).toEqual([rule, 'accepted']);
    }
  });
  it('should refuse what is not a rule, or a rule that may never recur, with INVALID_RECURRENCE (never loop)', () => {
    for (const rule of [
      'BOGUS',
      'FREQ=FOO',
      'FREQ=SECONDLY',
      'FREQ=DAILY;INTERVAL=x',
      'FREQ=DAILY;INTERVAL=0',
      'FREQ=DAILY;FREQ=WEEKLY',
      'INTERVAL=2',
      'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30',
      'FREQ=MONTHLY;BYMONTHDAY=31',
      'FREQ=DAILY;INTERVAL=7;BYDAY=TU',
      'FREQ=HOURLY;BYHOUR=9',
      'FREQ=WEEKLY;BYDAY=5MO',
      'FREQ=DAILY;COUNT=2;UNTIL=20270101',
      'FREQ=DAILY;UNTIL=20270230',
      'DTSTART:20261101T080000Z\nRRULE:FREQ=DAILY',
      'FREQ=DAILY;BYSETPOS=1',
    ]) {
      expect([rule, codeOf(() => checkRrule(rule))]).toEqual([rule, 'INVALID_RECURRENCE']);
    }
  });
  it('should refuse a rule whose COUNT or UNTIL ends before its first occurrence', () => {
    expect(codeOf(() => validateRecurrence({ ...daily, rrule: 'FREQ=DAILY;UNTIL=20261001' }))).toBe('INVALID_RECURRENCE');
    expect(validateRecurrence({ ...daily, rrule: 'freq=daily;count=3' })).toBe('FREQ=DAILY;COUNT=3');
  });
});

describe('occurrences', () => {
  it('should last until the next one starts, or windowMinutes when shorter, and list those overlapping the window', () => {
    const { items } = occurrencesOverlapping(daily, utc('2026-11-03T12:00:00Z'), utc('2026-11-05T08:00:00Z'), 10);
    expect(items).toEqual([
      { startsAt: '2026-11-03T08:00:00.000Z', endsAt: '2026-11-04T08:00:00.000Z' },
      { startsAt: '2026-11-04T08:00:00.000Z', endsAt: '2026-11-05T08:00:00.000Z' },
    ]);
    const short = occurrencesOverlapping({ ...daily, windowMinutes: 120 }, utc('2026-11-03T09:00:00Z'), utc('2026-11-04T12:00:00Z'), 10);
    expect(short.items).toEqual([
      { startsAt: '2026-11-03T08:00:00.000Z', endsAt: '2026-11-03T10:00:00.000Z' },
      { startsAt: '2026-11-04T08:00:00.000Z', endsAt: '2026-11-04T10:00:00.000Z' },
    ]);
  });
  it('should stop at COUNT (the last one still lasting a period) and report a truncated listing', () => {
    const counted = occurrencesOverlapping({ ...daily, rrule: 'FREQ=DAILY;COUNT=2' }, utc('2026-10-01T00:00:00Z'), utc('2026-12-01T00:00:00Z'), 10);
    expect(counted).toEqual({ items: [{ startsAt: '2026-11-01T08:00:00.000Z', endsAt: '2026-11-02T08:00:00.000Z' }, { startsAt: '2026-11-02T08:00:00.000Z', endsAt: '2026-11-03T08:00:00.000Z' }], truncated: false });
    const many = occurrencesOverlapping({ ...daily, rrule: 'FREQ=HOURLY' }, utc('2026-11-01T00:00:00Z'), utc('2026-11-08T00:00:00Z'), 50);
    expect([many.items.length, many.truncated]).toEqual([50, true]);
  });
  it('should keep 08:00 local across a daylight-saving change, whatever the process time zone', () => {
    const berlin: Recurrence = { rrule: 'FREQ=DAILY', startsAt: '2026-10-24T08:00:00', timeZone: 'Europe/Berlin', windowMinutes: 60 };
    const { items } = occurrencesOverlapping(berlin, utc('2026-10-24T00:00:00Z'), utc('2026-10-27T00:00:00Z'), 10);
    // summer time (UTC+2) ends on 25 October 2026
    expect(items.map((o) => o.startsAt)).toEqual(['2026-10-24T06:00:00.000Z', '2026-10-25T07:00:00.000Z', '2026-10-26T07:00:00.000Z']);
  });
  it('should find the same occurrences far from DTSTART as near it (minutely rules a month on)', () => {
    const minutely: Recurrence = { rrule: 'FREQ=MINUTELY;INTERVAL=15', startsAt: '2026-11-01T00:05:00', timeZone: 'UTC', windowMinutes: null };
    const { items } = occurrencesOverlapping(minutely, utc('2026-12-01T10:00:00Z'), utc('2026-12-01T10:30:00Z'), 10);
    expect(items.map((o) => o.startsAt)).toEqual(['2026-12-01T09:50:00.000Z', '2026-12-01T10:05:00.000Z', '2026-12-01T10:20:00.000Z']);
  });
  it('should read startsAt with an offset as that instant and without one as the zone\'s wall clock', () => {
    expect(wallClockOf('2026-11-28T07:00:00Z', 'Europe/Berlin')).toBe('2026-11-28T08:00:00');
    expect(wallClockOf('2026-11-28T08:00', 'Europe/Berlin')).toBe('2026-11-28T08:00:00');
    expect(codeOf(() => wallClockOf('2026-02-30T08:00', 'UTC'))).toBe('VALIDATION_FAILED');
  });
});
