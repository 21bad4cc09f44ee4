import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand, CliIO } from '../../cli/command';
import { InvalidInputError, errorBody, isTaichoError } from '../../shared/errors';
import { VI, vi, when } from '../report-labels';
import type { VerificationReport } from '../types';
import { storagePaths } from '../../config-paths';
import { trustFolder } from './trust-folder';
import { verifyPdf } from './verify-pdf';

const USAGE = `Usage: taicho verify FILE.pdf [--json] [--trust DIR] [--crl FILE]... [--at TIME] [--html OUT.html] [--pdf OUT.pdf]

Verifies every signature of a PDF: integrity, CMS signature, certificate chain to the trust
anchors, time-stamps, revocation, and changes made after signing.

  --json         print the full report as JSON
  --trust DIR    trust anchors (.pem/.crt/.cer/.der); default TAICHO_TRUST_DIR, else <data dir>/trust
                 (the folder the server uses); the report names the folder used
  --crl FILE     an extra CRL (DER or PEM); may be repeated (*.crl in the trust dir are read too)
  --at TIME      verify as of this time (ISO 8601, e.g. 2040-01-01): would the file still be
                 valid then, with its certificates expired? (PAdES B-LTA: yes, while renewed)
  --html OUT     also write the auditor's report as HTML (Vietnamese)
  --pdf OUT      also write the auditor's report as PDF (Vietnamese)

Exit status: 0 valid, 1 invalid, 2 not verifiable (not a PDF, unreadable, too large or too slow).`;

export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'Verify every signature of a PDF: integrity, chain, time, revocation, changes',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, at: { type: 'string' }, trust: { type: 'string' }, crl: { type: 'string', multiple: true }, html: { type: 'string' }, pdf: { type: 'string' } },
    });
    if (positionals.length !== 1) throw new InvalidInputError('usage', `expected one PDF file\n${USAGE}`);
    const file = path.resolve(io.cwd, positionals[0]);
    const trustDir = trustDirOf(values.trust, io);
    const now = values.at === undefined ? undefined : new Date(values.at);
    if (now && Number.isNaN(now.getTime())) throw new InvalidInputError('usage', `--at must be a date and time (ISO 8601), got '${values.at}'`);
    let report: VerificationReport;
    try {
      const bytes = new Uint8Array(readFileSync(file));
      const trust = trustFolder(trustDir);
      const crls = [...trust.crls, ...(values.crl ?? []).map((f) => new Uint8Array(readFileSync(path.resolve(io.cwd, f))))];
      report = await verifyPdf(bytes, { anchors: trust.anchors, crls, ...(now ? { now } : {}) });
    } catch (e) {
      return notVerifiable(e, file, !!values.json, io);
    }
    // Loaded only when asked for: the PDF report's pdf-lib and fontkit alone take longer to load than verifying.
    if (values.html) writeFileSync(path.resolve(io.cwd, values.html), (await import('../report-html')).renderReportHtml(report, { lang: 'vi', subject: path.basename(file) }));
    if (values.pdf) writeFileSync(path.resolve(io.cwd, values.pdf), await (await import('../report-pdf')).renderReportPdf(report, { subject: path.basename(file) }));
    io.stdout(values.json ? `${JSON.stringify({ ...report, trustDir }, null, 2)}\n` : summary(report, path.basename(file), trustDir));
    return report.valid ? 0 : 1;
  },
};

/** Anything that stops verification itself (I/O, not a PDF, limits) is exit 2, said plainly. */
function notVerifiable(e: unknown, file: string, json: boolean, io: CliIO): number {
  const err = e as NodeJS.ErrnoException;
  const body = isTaichoError(e) ? errorBody(e) : { error: { code: err.code ?? 'unreadable', message: `${file}: ${err.message}` } };
  if (!isTaichoError(e) && !err.code) throw e;
  if (json) io.stdout(`${JSON.stringify(body, null, 2)}\n`);
  io.stderr(`taicho verify: not verifiable: ${body.error.message}\n`);
  return 2;
}

/** --trust, else TAICHO_TRUST_DIR, else <data dir>/trust: the server's trust folder (not the rest of the configuration). */
function trustDirOf(flag: string | undefined, io: CliIO): string {
  return flag ? path.resolve(io.cwd, flag) : storagePaths(io.env, io.cwd).trustDir;
}

function summary(r: VerificationReport, name: string, trustDir: string): string {
  const lines = [`${name}: ${r.valid ? VI.valid : VI.invalid} (${r.valid ? 'valid' : 'invalid'})`, `  trust anchors: ${trustDir}`];
  for (const s of r.signatures) {
    lines.push(
      `  #${s.index + 1} ${s.fieldName}: ${s.signer ?? '?'}${s.organisation ? ` — ${s.organisation}` : ''}`,
      `     ${VI.signedAt}: ${when(s.signedAt)}`,
      `     integrity=${s.integrity} signature=${s.signatureValid ? 'valid' : 'invalid'} chain=${s.chain} revocation=${s.revocation} level=${s.level ?? '-'}`,
      `     ${VI.chain}: ${vi(s.chain)}; ${VI.modifiedAfter}: ${s.modifiedAfter ? VI.yes : VI.no}`,
      ...s.modifications.map((m) => `     ! ${m}`),
      ...(s.longTerm ? [`     long-term: ${s.longTerm.note}`] : []),
    );
  }
  lines.push(...r.reasons.map((x) => `  - ${x}`));
  return `${lines.join('\n')}\n`;
}
