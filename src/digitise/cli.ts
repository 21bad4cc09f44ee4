import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InvalidInputError } from '../shared/errors';
import type { CliCommand } from '../cli/command';
import { digitise, type DigitiseInput, type PageSummary } from './digitise';
import { parseLangs } from './langs';
import { createDigitisePool } from './pool';
import { modelFile } from './tessdata';

const USAGE = `Usage: taicho ocr <input>... -o out.pdf [--lang vie+eng] [--jobs N] [--tessdata-dir DIR]

Digitise scans (JPEG, PNG, TIFF incl. multi-page, scanner PDFs) into one searchable PDF/A-2b:
pages in the order given, each straightened, cleaned, OCR'd (Vietnamese + English) and given
an invisible text layer. Progress goes to stderr.

  -o, --output FILE   the PDF to write (required)
  --lang LANGS        vie, eng or vie+eng (default vie+eng)
  --jobs N            worker threads (default: one per core)
  --tessdata-dir DIR  read <lang>.traineddata[.gz] from DIR instead of the npm model
                      (default: $TAICHO_TESSDATA_DIR; e.g. /usr/share/tesseract-ocr/5/tessdata)
  --title TEXT        document title for the PDF metadata (default: first input's name)`;

export const ocrCommand: CliCommand = {
  name: 'ocr',
  summary: 'scans → one searchable PDF/A (deskew, clean, OCR vie+eng)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        lang: { type: 'string', default: 'vie+eng' },
        jobs: { type: 'string' },
        'tessdata-dir': { type: 'string', default: io.env.TAICHO_TESSDATA_DIR || undefined },
        title: { type: 'string' },
      },
    });
    if (positionals.length === 0) throw new InvalidInputError('no_input', `no input files\n${USAGE}`);
    if (!values.output) throw new InvalidInputError('no_output', `-o out.pdf is required\n${USAGE}`);
    const threads = values.jobs === undefined ? undefined : Number(values.jobs);
    if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > 64)) {
      throw new InvalidInputError('bad_jobs', `--jobs must be a whole number from 1 to 64 (got '${values.jobs}')`);
    }
    const tessdataDir = values['tessdata-dir'] ? resolve(io.cwd, values['tessdata-dir']) : undefined;
    // A missing model file fails here, once, rather than in every page's worker.
    if (tessdataDir) parseLangs(values.lang!).forEach((l) => modelFile(l, tessdataDir));
    const inputs = await readInputs(positionals, io.cwd);
    const pool = createDigitisePool({ threads });
    const started = performance.now();
    try {
      const result = await digitise(inputs, {
        pool,
        lang: values.lang,
        tessdataDir,
        title: values.title,
        onProgress: (p) => io.stderr(`ocr: page ${p.pagesDone}/${p.pagesTotal} done (${p.source})\n`),
      });
      await writeFile(resolve(io.cwd, values.output), result.pdf);
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      io.stderr(`ocr: wrote ${values.output} (${result.pages.length} pages, ${result.pdf.length} bytes, ${secs} s)\n`);
      io.stderr(`${stageSummary(result.pages, pool.threads)}\n`);
      return 0;
    } finally {
      await pool.destroy();
    }
  },
};

async function readInputs(paths: string[], cwd: string): Promise<DigitiseInput[]> {
  return Promise.all(
    paths.map(async (p) => {
      try {
        return { name: p, bytes: new Uint8Array(await readFile(resolve(cwd, p))) };
      } catch (e) {
        throw new InvalidInputError('unreadable_input', `${p}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
    }),
  );
}

const STAGES = ['decode', 'normalise', 'ocr', 'pdf'] as const;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)}s`;

/**
 * Where the time went: each page's stages (seconds on its thread, so they include waiting for
 * a core when threads outnumber idle cores), their sum over pages, and peak memory.
 */
function stageSummary(pages: PageSummary[], threads: number): string {
  const stages = (t: (s: (typeof STAGES)[number]) => number) => STAGES.map((s) => `${s}=${seconds(t(s))}`).join(' ');
  const perPage = pages.map((p) => `ocr: page ${p.source} ${stages((s) => p.timings[s] ?? 0)}`);
  const peakMb = (process.resourceUsage().maxRSS / 1024).toFixed(0);
  const total = stages((s) => pages.reduce((a, p) => a + (p.timings[s] ?? 0), 0));
  return [...perPage, `ocr: stages ${total} threads=${threads} peak_rss_mb=${peakMb}`].join('\n');
}
