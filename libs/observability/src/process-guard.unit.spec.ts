import { guardProcess, type ErrorLog } from './process-guard';

describe('process guard', () => {
  it('should log an unhandled rejection and an uncaught exception instead of ending the process', () => {
    const before = { rejection: process.listeners('unhandledRejection'), exception: process.listeners('uncaughtException') };
    const lines: [unknown, string][] = [];
    const log: ErrorLog = { error: (fields, message) => void lines.push([fields, message]) };
    try {
      guardProcess(log);
      process.emit('unhandledRejection', new Error('handler blew up'), Promise.resolve());
      const added = process.listeners('uncaughtException').filter((listener) => !before.exception.includes(listener));
      for (const listener of added) listener(new TypeError('bad state'), 'uncaughtException');
      expect(lines).toEqual([
        [{ err: 'Error: handler blew up' }, 'unhandled rejection; still running'],
        [{ err: 'TypeError: bad state' }, 'uncaught exception; still running'],
      ]);
    } finally {
      for (const listener of process.listeners('unhandledRejection')) if (!before.rejection.includes(listener)) process.off('unhandledRejection', listener);
      for (const listener of process.listeners('uncaughtException')) if (!before.exception.includes(listener)) process.off('uncaughtException', listener);
    }
  });
});
