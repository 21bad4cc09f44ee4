import type { CliCommand } from './cli/command';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Run the HTTP service',
  usage: 'taicho serve\n\nRuns the service on its embedded default. Configuration comes from environment variables (see README: PORT, TAICHO_DATA_DIR, …).',
  async run() {
    await (await import('./main')).startOrExit();
    return await new Promise<number>(() => {}); // runs until a signal stops the process
  },
};
