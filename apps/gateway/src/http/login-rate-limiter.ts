import { AppError } from '@uehub/errors';

/**
 * A fixed one-minute window of login attempts per client IP, in memory per replica
 * (the account lockout in auth is the shared, durable defence).
 */
export class LoginRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly perMinute: number) {}

  check(key: string, now = Date.now()): void {
    const window = this.windows.get(key);
    if (!window || now - window.start >= 60_000) {
      if (this.windows.size > 10_000) this.prune(now);
      this.windows.set(key, { start: now, count: 1 });
      return;
    }
    window.count += 1;
    if (window.count > this.perMinute) throw new AppError('RATE_LIMITED', 'Too many login attempts; wait a minute');
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= 60_000) this.windows.delete(key);
  }
}
