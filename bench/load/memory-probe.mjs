/**
 * Preloaded into the bench's server (`--import`): answers the bench's `memory` message over the
 * IPC channel with process.memoryUsage(), so the soak reads the server's heap, not its own.
 * Never loaded by `npm start`. Plain JavaScript: worker threads inherit the flag, and they do
 * not run the TypeScript loader; only the main thread listens.
 */
import { isMainThread } from 'node:worker_threads';

if (isMainThread && process.send) {
  process.channel?.unref(); // the channel alone must not keep the server alive
  process.on('message', (m) => {
    if (m !== 'memory') return;
    // With --expose-gc (the soak), the heap is read after a full collection: what is really kept.
    globalThis.gc?.();
    process.send?.({ memory: process.memoryUsage() });
  });
}
