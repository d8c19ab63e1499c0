// Flame graphs (SVG) of V8 CPU profiles (`node --cpu-prof`), drawn by the `flamegraph` package
// (pinned in package.json). It reads the older .cpuprofile shape (a `head` tree with hit counts),
// so the profile's flat `nodes` list is turned into that tree first; idle time is left out, so the
// widths are shares of the time the process was busy.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

const { fromCpuProfile } = createRequire(import.meta.url)('flamegraph');
const LEFT_OUT = new Set(['(idle)', '(program)']);

/** The profile as the `head` tree `flamegraph` draws (file paths shortened to the package or dist/ path). */
export function headTree(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const tree = (node) => ({
    functionName: node.callFrame.functionName,
    url: node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '').replace(/^file:\/\//, ''),
    lineNumber: node.callFrame.lineNumber + 1,
    scriptId: node.callFrame.scriptId,
    hitCount: node.hitCount ?? 0,
    id: node.id,
    children: (node.children ?? []).map((id) => byId.get(id)).filter((child) => !LEFT_OUT.has(child.callFrame.functionName)).map(tree),
  });
  return { head: tree(profile.nodes[0]), startTime: profile.startTime / 1e6, endTime: profile.endTime / 1e6 };
}

/** Writes `<name>.svg` beside each `<name>.cpuprofile` in `dir`; @returns the SVG files written. */
export function writeFlameGraphs(dir, title = (name) => `${name}: CPU while busy (idle left out)`) {
  const written = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const name = basename(file, '.cpuprofile');
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const svg = fromCpuProfile(headTree(profile), { titletext: title(name), internals: true, imagewidth: 1600, minwidth: 2, removenarrows: true });
    writeFileSync(join(dir, `${name}.svg`), svg);
    written.push(join(dir, `${name}.svg`));
  }
  return written;
}
