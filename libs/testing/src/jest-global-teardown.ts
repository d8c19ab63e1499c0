// Removes the containers jest-global-setup.ts started, if it started any.
export default async function globalTeardown(): Promise<void> {
  await globalThis.uehubContainerServers?.stop();
}
