// Where the CPU went during a measurement. The servers of a run are the system's own processes,
// the PostgreSQL backends of its database with PostgreSQL's WAL writer, background writer and
// checkpointer, and the NATS server: their CPU per operation gives the rate the same work could
// reach with every core busy, the CPU-bound limit of that architecture on this machine. Other
// work on the machine (another test run) is not counted; the machine's busy share is printed
// beside it so that a run that was not CPU-bound shows.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const SAMPLE_MS = 100;
const POSTGRES_AUX = /^postgres: (\S+: )?(walwriter|background writer|checkpointer)/;

/** Busy and total CPU seconds of the machine since boot (steal is another guest's, not ours). */
function machineSeconds() {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq;
  return { busy: busy / TICKS_PER_SECOND, total: (busy + idle + iowait + steal) / TICKS_PER_SECOND };
}

/** CPU seconds (user + system) of a process so far, or undefined when it is gone. */
function processSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/**
 * The run's servers now, pid to kind: `pids` (node), PostgreSQL's backends of `database` and its
 * writers (postgres), and the NATS server on `natsPort` (nats).
 */
function serverPids({ pids = [], database, natsPort }) {
  const found = new Map(pids.map((pid) => [pid, 'node']));
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const line = commandLine(entry);
    const isBackend = database !== undefined && line.startsWith('postgres: ') && line.includes(` ${database} `);
    const isNats = natsPort !== undefined && /nats-server/.test(line.split(' ')[0]) && new RegExp(`(-p|--port)[ =]${natsPort}( |$)`).test(line);
    if (isBackend || POSTGRES_AUX.test(line)) found.set(Number(entry), 'postgres');
    if (isNats) found.set(Number(entry), 'nats');
  }
  return found;
}

/** Follows the servers' CPU while a run lasts; processes that start during it count from zero. */
function followServers(servers) {
  const start = new Map();
  const last = new Map();
  const kinds = new Map();
  const sample = (initial) => {
    for (const [pid, kind] of serverPids(servers)) {
      const seconds = processSeconds(pid);
      if (seconds === undefined) continue;
      if (!start.has(pid)) start.set(pid, initial ? seconds : 0);
      last.set(pid, seconds);
      kinds.set(pid, kind);
    }
  };
  sample(true);
  const timer = setInterval(() => sample(false), SAMPLE_MS);
  /** @returns CPU seconds per kind of server */
  return () => {
    clearInterval(timer);
    sample(false);
    const byKind = {};
    for (const [pid, seconds] of last) byKind[kinds.get(pid)] = (byKind[kinds.get(pid)] ?? 0) + seconds - start.get(pid);
    return byKind;
  };
}

/**
 * Runs `measure` (which returns `{ ok }`, the operations done) and adds `machine`: the busy share
 * of all cores, the servers' CPU per operation in ms and the CPU-bound limit in operations/s.
 * `servers`: { pids, database, natsPort }, what serves the run (see serverPids).
 */
export async function withMachineCpu(measure, servers = {}) {
  const machineBefore = machineSeconds();
  const stop = followServers(servers);
  const result = await measure();
  const byKind = stop();
  const machineAfter = machineSeconds();
  const perOp = (seconds) => (1000 * seconds) / Math.max(1, result.ok);
  const serverCpuMs = perOp(Object.values(byKind).reduce((sum, seconds) => sum + seconds, 0));
  return {
    ...result,
    machine: {
      busyShare: (machineAfter.busy - machineBefore.busy) / Math.max(1e-9, machineAfter.total - machineBefore.total),
      serverCpuMs,
      /** CPU ms per operation of the node processes, PostgreSQL and NATS */
      serverCpuMsByKind: Object.fromEntries(Object.entries(byKind).map(([kind, seconds]) => [kind, perOp(seconds)])),
      cpuBoundLimit: serverCpuMs > 0 ? (cpus().length * 1000) / serverCpuMs : undefined,
    },
  };
}

/** "system: machine 96 % busy, servers 6.10 CPU ms/op, 2-core limit 328/s" for a table's notes. */
export function machineNote(label, machine) {
  if (!machine) return '';
  const limit = machine.cpuBoundLimit === undefined ? '' : `, ${cpus().length}-core limit ${Math.round(machine.cpuBoundLimit).toLocaleString('en')}/s`;
  const kinds = Object.entries(machine.serverCpuMsByKind).map(([kind, ms]) => `${kind} ${ms.toFixed(2)}`).join(' + ');
  return `${label}: machine ${Math.round(100 * machine.busyShare)} % busy, servers ${machine.serverCpuMs.toFixed(2)} CPU ms/op (${kinds})${limit}`;
}
