import type { Api } from './http-client';

/**
 * Polls every gateway with the token until each refuses it; returns how long each took (ms) from
 * `since`. Fails when one still accepts it `withinMs` after `since`.
 */
export async function refusedEverywhere(apis: Api[], path: string, token: string, refused: (status: number) => boolean, since: number, withinMs = 5000): Promise<number[]> {
  return Promise.all(
    apis.map(async (api) => {
      for (;;) {
        const { status } = await api.untyped('GET', path, { token });
        if (refused(status)) return Date.now() - since;
        if (Date.now() - since > withinMs) throw new Error(`still ${status} after ${withinMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }),
  );
}
