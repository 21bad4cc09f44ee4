import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { CliCommand, CliIO } from '../cli/command';
import { InvalidInputError, NotFoundError } from '../shared/errors';
import type { Rect } from './fields';
import { signPdf } from './sign-pdf';
import { LocalKeySigner } from './signer';

const USAGE = `taicho sign — PAdES signature (CAdES detached, SHA-256) as an incremental update

  taicho sign in.pdf -o out.pdf --p12 key.p12 [--pin PIN] [--reason TEXT] [--location TEXT]
              [--field NAME] [--image sig.png --page N --rect x,y,w,h] [--tsa URL] [--crl file.crl] [--docmdp]

  --field NAME      fill this existing empty signature field (any name; the result documents
                    have 'leader' and 'seal')
  --image PNG       appearance image (transparent PNG) in the field, or in a new field at
  --page N --rect   page N (1-based, default 1) and rect x,y,w,h in PDF points
                    without --field and --rect the signature is invisible (a new field)
  --tsa URL         RFC 3161 time-stamp on the signature (PAdES B-T)
  --location TEXT   where it was signed (the signature's /Location)
  --crl FILE        refuse to sign with a certificate this CRL lists as revoked
  --docmdp          certify: later only form filling and signing are allowed (first signature only)
  PIN: --pin, else TAICHO_PIN, else asked on the terminal (or read as one line from stdin).
  An already-signed PDF is signed again incrementally: earlier signatures stay valid.

Exit status: 0 signed, 1 bad input (options, unreadable file, PIN locked), 2 the certificate
cannot sign (expired, revoked, not a PDF we can sign), 3 wrong PIN.
`;

export const signCommand: CliCommand = {
  name: 'sign',
  summary: 'Sign a PDF (PAdES, incremental) with a PKCS#12 key',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        p12: { type: 'string' },
        pin: { type: 'string' },
        reason: { type: 'string' },
        location: { type: 'string' },
        field: { type: 'string' },
        image: { type: 'string' },
        page: { type: 'string' },
        rect: { type: 'string' },
        tsa: { type: 'string' },
        crl: { type: 'string' },
        docmdp: { type: 'boolean', default: false },
      },
    });
    const input = positionals[0];
    if (!input || positionals.length > 1 || !values.output || !values.p12) throw new InvalidInputError('usage', `sign needs one input PDF, -o out.pdf and --p12 key.p12\n\n${USAGE}`);
    if (values.image && !values.field && !values.rect) throw new InvalidInputError('usage', '--image needs --field or --page/--rect to place it');
    const file = (p: string) => read(path.resolve(io.cwd, p));
    const pin = values.pin ?? io.env.TAICHO_PIN ?? (await promptPin(io));
    const signer = await LocalKeySigner.fromP12(file(values.p12), pin, values.crl ? { crl: file(values.crl) } : {});
    const out = await signPdf(file(input), {
      signer,
      field: values.field,
      newField: values.rect ? { page: parsePage(values.page), rect: parseRect(values.rect) } : undefined,
      reason: values.reason,
      location: values.location,
      appearance: values.image ? { image: file(values.image) } : undefined,
      timestamp: values.tsa,
      docMdp: values.docmdp,
    });
    writeFileSync(path.resolve(io.cwd, values.output), out);
    io.stdout(`signed ${input} → ${values.output} (${out.length} bytes)\n`);
    return 0;
  },
};

function read(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch {
    throw new NotFoundError('file_not_found', `cannot read ${file}`);
  }
}

export function parseRect(s: string): Rect {
  const n = s.split(',').map((v) => Number(v.trim()));
  if (n.length !== 4 || n.some((v) => !Number.isFinite(v)) || n[2] <= 0 || n[3] <= 0) {
    throw new InvalidInputError('invalid_rect', `--rect is x,y,width,height in points with positive width and height, not '${s}'`);
  }
  return { x: n[0], y: n[1], width: n[2], height: n[3] };
}

function parsePage(s: string | undefined): number {
  const n = Number(s ?? '1');
  if (!Number.isInteger(n) || n < 1) throw new InvalidInputError('invalid_page', `--page is a page number from 1, not '${s}'`);
  return n - 1;
}

/** Asks for the PIN without echo on a terminal; from a pipe, reads one line. */
async function promptPin(io: CliIO): Promise<string> {
  const tty = process.stdin.isTTY === true;
  if (tty) io.stderr('PIN: ');
  const silent = new Writable({ write: (_c, _e, cb) => cb() });
  const rl = createInterface({ input: process.stdin, output: tty ? silent : undefined, terminal: tty });
  try {
    const line = await new Promise<string | undefined>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(undefined));
    });
    if (tty) io.stderr('\n');
    if (!line) throw new InvalidInputError('pin_required', 'a PIN is needed: --pin, TAICHO_PIN or type it when asked');
    return line.trim();
  } finally {
    rl.close();
  }
}
