/** Stops the node that test/global_setup.ts started (if it started one; an external ES_URL is left alone). */
type Stop = () => Promise<void>;
const globals = globalThis as typeof globalThis & { __BUFFALOGS_ES_STOP__?: Stop };

export default async function globalTeardown(): Promise<void> {
  const stop = globals.__BUFFALOGS_ES_STOP__;
  if (!stop) return;
  globals.__BUFFALOGS_ES_STOP__ = undefined;
  delete process.env.ES_URL;
  await stop();
}
