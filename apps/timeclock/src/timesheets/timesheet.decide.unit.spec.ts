import type { NewEvent } from '@uehub/event-store';
import { deciderSpecification } from '@uehub/testing';
import { settingsDecider } from './settings.decide';
import { timesheetDecider, type WeekFigures } from './timesheet.decide';
import { DEFAULT_RULES } from './week-totals';

const spec = deciderSpecification(timesheetDecider);
const USER = '0190f0a0-0000-7000-8000-000000000001';
const WEEK = '2026-11-23';
const totals = (worked: number) => ({ workedMinutes: worked, paidBreakMinutes: 0, unpaidBreakMinutes: 0, regularMinutes: worked, overtimeMinutes: 0 });
const figures: WeekFigures = { exact: totals(787), rounded: totals(780) };
const submitted: NewEvent = { type: 'timeclock.timesheet.submitted', data: { userId: USER, week: WEEK, ...figures } };
const approved: NewEvent = { type: 'timeclock.timesheet.approved', data: { userId: USER, week: WEEK, ...figures } };

describe('approval rules', () => {
  it('should submit an open week with its figures', () => {
    spec.given().when({ kind: 'submit', userId: USER, week: WEEK, figures }).then([submitted]);
  });
  it('should approve or reject (with its reason) a submitted week only', () => {
    spec.given(submitted).when({ kind: 'approve', figures }).then([approved]);
    spec.given(submitted).when({ kind: 'reject', reason: 'short' }).then([{ type: 'timeclock.timesheet.rejected', data: { userId: USER, week: WEEK, reason: 'short' } }]);
    spec.given().when({ kind: 'approve', figures }).thenThrows('RULE_VIOLATED');
    spec.given(submitted).when({ kind: 'submit', userId: USER, week: WEEK, figures }).thenThrows('RULE_VIOLATED');
  });
  it('should lock an approved week until it is reopened with a reason', () => {
    spec.given(submitted, approved).when({ kind: 'submit', userId: USER, week: WEEK, figures }).thenThrows('PERIOD_LOCKED');
    spec.given(submitted, approved).when({ kind: 'reject', reason: 'late' }).thenThrows('PERIOD_LOCKED');
    const reopened: NewEvent = { type: 'timeclock.timesheet.reopened', data: { userId: USER, week: WEEK, reason: 'missing half hour' } };
    spec.given(submitted, approved).when({ kind: 'reopen', reason: 'missing half hour' }).then([reopened]);
    spec.given(submitted, approved, reopened).when({ kind: 'submit', userId: USER, week: WEEK, figures }).then([submitted]);
    spec.given(submitted).when({ kind: 'reopen', reason: 'x' }).thenThrows('RULE_VIOLATED');
  });
});

describe('settings rules', () => {
  const settings = deciderSpecification(settingsDecider);
  it('should record changed fields from/to, and nothing when equal', () => {
    const berlin = { ...DEFAULT_RULES, timeZone: 'Europe/Berlin', rounding: 15 as const };
    settings.given().when({ kind: 'change', settings: berlin }).then([
      { type: 'timeclock.settings.changed', data: berlin, changes: { timeZone: { from: 'UTC', to: 'Europe/Berlin' }, rounding: { from: 0, to: 15 } } },
    ]);
    settings.given().when({ kind: 'change', settings: DEFAULT_RULES }).then([]);
  });
});
