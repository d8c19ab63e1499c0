import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Runs scripts/supervisor.mjs (what `npm start` uses) in its own Node process and returns its log lines. */
function runSupervisor(): Promise<string[]> {
  const supervisor = pathToFileURL(resolve(__dirname, '../scripts/supervisor.mjs')).href;
  const script = `
    import { supervise } from ${JSON.stringify(supervisor)};
    const lines = [];
    const { children } = supervise(process.execPath, [
      { name: 'dies', args: ['-e', 'process.exit(3)'] },
      { name: 'stays', args: ['-e', 'setTimeout(() => {}, 60000)'] },
    ], {
      backoffMs: [50, 100], maxQuickFailures: 3, stdio: 'ignore',
      log: (line) => lines.push(line + ' [stays ' + (children.get('stays')?.pid ? 'running' : 'gone') + ']'),
      onStopped: (code) => { console.log(JSON.stringify({ lines, code })); },
    });`;
  return new Promise((done, fail) => {
    // the supervisor sets the exit code it stopped with (1 here), so execFile reports an error
    execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 }, (error, stdout) => {
      if (!stdout) return fail(error ?? new Error('no output'));
      const { lines, code } = JSON.parse(stdout) as { lines: string[]; code: number };
      done([...lines, `exit ${code} (process ${error?.code ?? 0})`]);
    });
  });
}

describe('npm start supervisor', () => {
  it('should restart a service that died with a growing, bounded back-off while the others keep running', async () => {
    expect(await runSupervisor()).toEqual([
      'dies exited (3); restarting it in 50 ms (restart 1 in a row). [stays running]',
      'dies exited (3); restarting it in 100 ms (restart 2 in a row). [stays running]',
      'dies exited (3); restarting it in 100 ms (restart 3 in a row). [stays running]',
      'dies exited (3) 3 times in a row right after starting; stopping the others. [stays running]',
      'exit 1 (process 1)',
    ]);
  });
});
