import { AppError } from '@uehub/errors';
import { punchTimeOf } from './punch-time';

const receivedAt = new Date('2026-11-27T12:00:00.000Z');
const code = (fn: () => unknown) => {
  try {
    fn();
    return 'accepted';
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
};

describe('punch times', () => {
  it('should use the receive time when the device sent none', () => {
    expect(punchTimeOf({ receivedAt, punchId: 'p' })).toEqual({ at: '2026-11-27T12:00:00.000Z', deviceTime: null, receivedAt: '2026-11-27T12:00:00.000Z', punchId: 'p', reason: null });
  });
  it('should take an offline device time inside the 72 h window, normalised to UTC', () => {
    const punch = punchTimeOf({ receivedAt, deviceTime: '2026-11-25T08:30:00+01:00' });
    expect(punch).toMatchObject({ at: '2026-11-25T07:30:00.000Z', deviceTime: '2026-11-25T07:30:00.000Z', receivedAt: '2026-11-27T12:00:00.000Z' });
  });
  it('should count a device clock slightly ahead as now, and refuse one beyond the skew', () => {
    expect(punchTimeOf({ receivedAt, deviceTime: '2026-11-27T12:01:00Z' }).at).toBe('2026-11-27T12:00:00.000Z');
    expect(code(() => punchTimeOf({ receivedAt, deviceTime: '2026-11-27T12:02:01Z' }))).toBe('PUNCH_TIME_OUT_OF_RANGE');
    expect(code(() => punchTimeOf({ receivedAt, deviceTime: '2026-11-27T12:30:00Z', reason: 'manager' }))).toBe('PUNCH_TIME_OUT_OF_RANGE');
  });
  it('should refuse a device time older than the window unless a manager enters it', () => {
    expect(code(() => punchTimeOf({ receivedAt, deviceTime: '2026-11-24T11:59:59Z' }))).toBe('PUNCH_TIME_OUT_OF_RANGE');
    expect(code(() => punchTimeOf({ receivedAt, deviceTime: '2026-11-24T12:00:00Z' }))).toBe('accepted');
    expect(punchTimeOf({ receivedAt, deviceTime: '2026-11-20T08:00:00Z', reason: 'forgot to punch' }).at).toBe('2026-11-20T08:00:00.000Z');
  });
});
