import type { PayrollRow } from '@uehub/contracts';
import { payrollCsv } from './payroll-csv';

const row = (over: Partial<PayrollRow>): PayrollRow => ({
  userId: 'u1',
  name: 'Ana',
  email: 'ana@example.com',
  week: '2026-11-23',
  status: 'approved',
  timesheetStatus: 'approved',
  regularMinutes: 2400,
  overtimeMinutes: 90.5,
  regularHours: 40,
  overtimeHours: 1.51,
  regularHoursRounded: 40,
  overtimeHoursRounded: 1.5,
  ...over,
});

describe('payroll CSV', () => {
  it('should write a header and one line per user, missing weeks with empty figures', () => {
    const csv = payrollCsv([row({}), row({ userId: 'u2', name: 'Bo, Jr.', status: 'missing', timesheetStatus: 'submitted', regularMinutes: null, overtimeMinutes: null, regularHours: null, overtimeHours: null, regularHoursRounded: null, overtimeHoursRounded: null })]);
    expect(csv).toBe(
      'userId,name,email,week,status,timesheetStatus,regularMinutes,overtimeMinutes,regularHours,overtimeHours,regularHoursRounded,overtimeHoursRounded\r\n' +
        'u1,Ana,ana@example.com,2026-11-23,approved,approved,2400,90.5,40,1.51,40,1.5\r\n' +
        'u2,"Bo, Jr.",ana@example.com,2026-11-23,missing,submitted,,,,,,\r\n',
    );
  });
  it('should defuse formulas and quote quotes', () => {
    expect(payrollCsv([row({ name: '=HYPERLINK("x")' })]).split('\r\n')[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(payrollCsv([row({ name: '-1' })]).split('\r\n')[1]).toContain(",'-1,");
  });
});
