/** How long a read of the event stream keeps trying, and how long one try may take. */
export interface StreamReadRetry {
  withinMs?: number;
  attemptMs?: number;
}

/**
 * Runs a read of the event stream again until it succeeds or `withinMs` (default 30 s) has
 * passed. While a node of a JetStream cluster is down, the stream or the meta leader may be
 * re-elected: the API times out, answers 503 or even "stream not found" for a few seconds,
 * and an ordered consumer may stall. A check must wait for the election, not fail. Each try is
 * cut after `attemptMs` (default 10 s): `read` gets a signal and must close what it opened.
 */
export async function retryStreamRead<T>(read: (signal: AbortSignal) => Promise<T>, options: StreamReadRetry = {}): Promise<T> {
  const deadline = Date.now() + (options.withinMs ?? 30_000);
  for (let waitMs = 250; ; waitMs = Math.min(waitMs * 2, 2000)) {
    const cut = new AbortController();
    const timer = setTimeout(() => cut.abort(new Error('the stream read took too long')), options.attemptMs ?? 10_000);
    try {
      return await Promise.race([
        read(cut.signal),
        new Promise<never>((_resolve, reject) => cut.signal.addEventListener('abort', () => reject(cut.signal.reason as Error), { once: true })),
      ]);
    } catch (error) {
      if (Date.now() + waitMs > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    } finally {
      clearTimeout(timer);
      cut.abort();
    }
  }
}
