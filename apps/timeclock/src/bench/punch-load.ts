/** What one load phase measured: clock-in/clock-out pairs through the gateway. */
export interface PunchLoadFigures {
  clients: number;
  pairs: number;
  pairsPerSecond: number;
  /** Latency of one pair (both requests), ms. */
  p50Ms: number;
  p95Ms: number;
  /** Pairs where either answer was not the expected 201/200. */
  failed: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : Number.NaN);
const round = (n: number) => Math.round(n * 100) / 100;

/** One client per token, each punching its own user in and out as fast as answers come, for `seconds`. */
export async function punchLoad(baseUrl: string, tokens: string[], seconds: number): Promise<PunchLoadFigures> {
  const latencies: number[] = [];
  let failed = 0;
  const post = async (path: string, token: string): Promise<number> => {
    const response = await fetch(`${baseUrl}/api/v1/timeclock/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    await response.arrayBuffer();
    return response.status;
  };
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    tokens.map(async (token) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const inStatus = await post('clock-in', token);
        const outStatus = await post('clock-out', token);
        latencies.push(performance.now() - t0);
        if (inStatus !== 201 || outStatus !== 200) failed += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pairs = latencies.length - failed;
  return { clients: tokens.length, pairs, pairsPerSecond: round(pairs / elapsed), p50Ms: round(percentile(latencies, 0.5)), p95Ms: round(percentile(latencies, 0.95)), failed };
}
