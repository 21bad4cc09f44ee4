import { parseArgs } from 'node:util';
import type { CliCommand, CliIO } from '../cli/command';
import { loadConfig } from '../config';
import { InvalidInputError } from '../shared/errors';
import { DEFAULT_MARGIN_DAYS } from './renewal';
import type { RenewalOutcome } from './service';

const USAGE = `Usage: taicho archive renew [--margin-days N] [--dry-run] [--json]

Keeps sealed results verifiable for decades (PAdES B-LTA): every result of a sealed or returned
dossier whose last archive time-stamp's certificate chain expires, or whose algorithms weaken,
within the margin (or that has none yet) gets the validation data of everything in it and a new
document time-stamp, as an incremental update; earlier signatures stay valid. Each renewal is
in the audit trail. Run it from cron (e.g. monthly) against the server's data folder.

  --margin-days N   renew this many days before the last time-stamp ends (default ${DEFAULT_MARGIN_DAYS})
  --dry-run         only say which results are due
  --json            print the outcome of every result as JSON

Configuration as the server's (TAICHO_DATA_DIR, TAICHO_PKI_DIR, TAICHO_TSA_URL, the demo PIN).
Exit status: 0 nothing failed, 1 a result could not be renewed (named, with the reason).`;

export const archiveCommand: CliCommand = {
  name: 'archive',
  summary: 'Archive renewal: new document time-stamps for sealed results before the last one ends',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'margin-days': { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } } });
    if (positionals.length !== 1 || positionals[0] !== 'renew') throw new InvalidInputError('usage', `expected the sub-command 'renew'\n${USAGE}`);
    const marginDays = Number(values['margin-days'] ?? DEFAULT_MARGIN_DAYS);
    if (!Number.isInteger(marginDays) || marginDays < 0) throw new InvalidInputError('usage', `--margin-days must be a whole number of days ≥ 0, got '${values['margin-days']}'`);
    const { bootstrap } = await import('../bootstrap');
    // The server's own start-up (data folder, PKI), without digitisation or a listening port.
    const config = { ...loadConfig(io.env, io.cwd), ocrWorkers: 0 };
    const quiet = { info: () => {}, warn: (o: object | string, msg?: string) => io.stderr(`${msg ?? ''} ${JSON.stringify(o)}\n`) };
    const services = await bootstrap(config, quiet, io.stderr);
    try {
      const outcomes = await services.archive.renew({ marginDays, dryRun: values['dry-run'] });
      if (values.json) io.stdout(`${JSON.stringify(outcomes, null, 2)}\n`);
      else report(outcomes, io);
      return outcomes.some((o) => o.outcome === 'failed') ? 1 : 0;
    } finally {
      await services.close();
    }
  },
};

function report(outcomes: RenewalOutcome[], io: CliIO): void {
  for (const o of outcomes) io.stdout(`${o.code}\t${o.outcome}\t${o.reason}\n`);
  const count = (k: string) => outcomes.filter((o) => o.outcome === k).length;
  io.stdout(`${outcomes.length} archived result(s): ${count('renewed')} renewed, ${count('due')} due, ${count('not-due')} not due, ${count('failed')} failed\n`);
}
