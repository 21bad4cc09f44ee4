import net from 'node:net';

/**
 * Fails before anything is created (demo users, PKI) when the port cannot be bound, with one
 * line naming the port and what to do, instead of an unhandled 'error' stack after start-up.
 * PORT=0 (any free port) always passes.
 */
export async function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => reject(new Error(portProblem(e, port, host))));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** One line for a listen error: in use, not allowed, or the system's own words. */
export function portProblem(e: NodeJS.ErrnoException, port: number, host: string): string {
  if (e.code === 'EADDRINUSE') return `port ${port} is already in use (another taicho?); stop it or start with PORT=<another port>`;
  if (e.code === 'EACCES') return `port ${port} needs privileges on this system; start with PORT=<a port above 1023>`;
  if (e.code === 'EADDRNOTAVAIL') return `cannot listen on ${host}:${port}: HOST=${host} is not an address of this machine`;
  return `cannot listen on ${host}:${port}: ${e.message}`;
}
