/**
 * Preloaded into the bench's server (`--import`): answers the bench's `memory` message over the
 * IPC channel with process.memoryUsage(), so the soak reads the server's heap, not its own.
 * Never loaded by `npm start`.
 */
process.channel?.unref(); // the channel alone must not keep the server alive
process.on('message', (m: unknown) => {
  if (m === 'memory') process.send?.({ memory: process.memoryUsage() });
});
