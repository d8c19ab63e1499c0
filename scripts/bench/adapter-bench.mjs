// Express against Fastify under Nest, the same route on both (issue 12's candidate): one Nest
// application with one GET route answering a page of 50 items (about 15 kB of JSON, as the
// item list does), served by @nestjs/platform-express or @nestjs/platform-fastify in a child
// process of its own, loaded by autocannon with the same settings, alternating twice.
// Two routes: `object` (the handler returns the page, the adapter serializes it) and `encoded`
// (the handler returns the JSON text, as the gateway's list routes now do).
// `node scripts/bench/adapter-bench.mjs` (BENCH_SECONDS, default 5; 8 clients).
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { cpuSeconds } from './bench-system.mjs';

const page = {
  items: Array.from({ length: 50 }, (_, i) => ({
    id: `0190${String(i).padStart(4, '0')}-0000-7000-8000-000000000000`,
    sku: `SKU-${i}`,
    name: `Item ${i} ${'x'.repeat(100)}`,
    description: null,
    location: `Loc ${i % 50}`,
    qty: i,
    minQty: 2,
    userId: null,
    lowStock: i <= 2,
    createdAt: '2026-11-28T04:30:00.123Z',
    updatedAt: '2026-11-28T04:30:00.123Z',
    version: 1,
  })),
  nextCursor: 'WyIwMTkwMDA0OS0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDAiXQ',
};

/** The child: a Nest app on the adapter named in argv, printing its port. */
async function serve(adapterName) {
  const { Controller, Get, Module, Res } = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  const text = JSON.stringify(page);
  class PageController {
    object() {
      return page;
    }
    encoded(res) {
      if (adapterName === 'express') res.type('application/json');
      else res.header('content-type', 'application/json; charset=utf-8');
      return text;
    }
  }
  const proto = PageController.prototype;
  Get('object')(proto, 'object', Object.getOwnPropertyDescriptor(proto, 'object'));
  Res({ passthrough: true })(proto, 'encoded', 0);
  Get('encoded')(proto, 'encoded', Object.getOwnPropertyDescriptor(proto, 'encoded'));
  Controller('page')(PageController);
  class AppModule {}
  Module({ controllers: [PageController] })(AppModule);
  const adapter =
    adapterName === 'express'
      ? new (await import('@nestjs/platform-express')).ExpressAdapter()
      : new (await import('@nestjs/platform-fastify')).FastifyAdapter();
  const app = await NestFactory.create(AppModule, adapter, { logger: false });
  await app.listen(0, '127.0.0.1');
  console.log(`listening ${new URL(await app.getUrl()).port}`);
}

async function start(adapterName) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), adapterName], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error(`${adapterName} ended:\n${out}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function measure(adapterName, route, seconds) {
  const { child, url } = await start(adapterName);
  try {
    await autocannon({ url: `${url}/page/${route}`, connections: 8, duration: 1 });
    const before = cpuSeconds(child.pid);
    const result = await autocannon({ url: `${url}/page/${route}`, connections: 8, duration: seconds });
    const ok = result['2xx'];
    if (result.non2xx || result.errors) throw new Error(`${adapterName} ${route}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return { adapter: adapterName, route, perSecond: ok / seconds, cpuMsPerRequest: (1000 * (cpuSeconds(child.pid) - before)) / ok, bytes: result.throughput.total / ok };
  } finally {
    child.kill('SIGTERM');
  }
}

if (process.argv[2]) {
  await serve(process.argv[2]);
} else {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const runs = [];
  for (let round = 0; round < 2; round++) {
    for (const adapterName of ['express', 'fastify']) {
      for (const route of ['object', 'encoded']) runs.push(await measure(adapterName, route, seconds));
    }
  }
  for (const r of runs) console.log(`${r.adapter.padEnd(8)} ${r.route.padEnd(8)} ${r.perSecond.toFixed(0).padStart(6)} /s  CPU ${r.cpuMsPerRequest.toFixed(3)} ms/request  ${r.bytes.toFixed(0)} bytes/answer`);
  console.log(JSON.stringify(runs));
}
