// Helpers for the servers a test starts as child processes (nats-server, PgBouncer) on loopback ports.
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

/** A loopback TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits until `child` accepts TCP connections on `port` (or fails if it exits or takes over 10 s). */
export async function listening(child: ChildProcess, port: number, name: string): Promise<void> {
  let failure: Error | undefined;
  child.once('error', (error) => (failure = new Error(`${name} could not start (is it on PATH?): ${error.message}`)));
  child.once('exit', (code) => (failure ??= new Error(`${name} exited with ${code} at start`)));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (failure) throw failure;
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw failure ?? new Error(`${name} did not listen within 10 s`);
}

/** Ends a child by its PID: SIGTERM, then SIGKILL after 5 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
  clearTimeout(timer);
  if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
}
