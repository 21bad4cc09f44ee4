import { VI, labelSignature, summaryRows } from './report-labels';
import type { VerificationReport } from './types';

/**
 * A self-contained HTML page for auditors (no scripts, no external resources), from the same
 * labels as the PDF report. Everything from the file (names, reasons) is escaped.
 */
export interface HtmlOptions {
  lang?: 'vi';
  /** Shown under the title, e.g. the file name or the dossier code. */
  subject?: string;
}

export function escapeHtml(s: string): string {
  return s.normalize('NFC').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const CSS = `body{font-family:"Liberation Serif","Times New Roman",serif;margin:2rem;max-width:60rem;color:#111}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}th{width:14rem;background:#f3f3f3}
.ok{color:#0a6b2d;font-weight:bold}.bad{color:#a40000;font-weight:bold}ul{margin:.3rem 0}`;

/**
 * The report is one self-contained file (auditors save it), so its style stays inline; served
 * over HTTP it carries this policy, which allows that one style block by its SHA-256 and nothing
 * else (report-html.test.ts checks the hash against CSS).
 */
export const REPORT_HTML_CSP =
  "default-src 'none'; style-src 'sha256-zm+6+WVsbyAHgb9AwRpzv8ufY9CX1RnKTWsV/tUjLXo='; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";
export const REPORT_CSS = CSS;

function table(rows: [string, string][]): string {
  return `<table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
}

function list(items: string[]): string {
  return `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
}

export function renderReportHtml(report: VerificationReport, opts: HtmlOptions = {}): string {
  const verdictClass = report.valid ? 'ok' : 'bad';
  const parts: string[] = [
    `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(VI.title)}</title><style>${CSS}</style></head><body>`,
    `<h1>${escapeHtml(VI.title)}</h1>`,
    opts.subject ? `<p>${escapeHtml(VI.file)}: ${escapeHtml(opts.subject)}</p>` : '',
    `<p class="${verdictClass}" id="verdict" data-valid="${report.valid}">${escapeHtml(VI.verdict)}: ${escapeHtml(report.valid ? VI.valid : VI.invalid)}</p>`,
    table(summaryRows(report)),
  ];
  if (report.reasons.length) parts.push(`<h2>${escapeHtml(VI.reasons)}</h2>`, list(report.reasons));
  if (!report.signatures.length) parts.push(`<p class="bad">${escapeHtml(VI.noSignature)}</p>`);
  for (const s of report.signatures.map(labelSignature)) {
    parts.push(`<h2 class="${s.ok ? 'ok' : 'bad'}">${escapeHtml(s.heading)} — ${escapeHtml(s.ok ? VI.valid : VI.invalid)}</h2>`, table(s.rows));
    if (s.modifications.length) parts.push(`<p><b>${escapeHtml(VI.modifiedAfter)}:</b></p>`, list(s.modifications));
    if (s.notes.length) parts.push(`<p><b>${escapeHtml(VI.notes)}:</b></p>`, list(s.notes));
  }
  parts.push(`<h2>${escapeHtml(VI.revisions)}</h2><table><tr><th>${escapeHtml(VI.revision)}</th><th>startxref / %%EOF</th><th>${escapeHtml(VI.changes)}</th></tr>`);
  for (const r of report.revisions) {
    const items = r.changes.items.map((i) => `${i.category}: ${i.description}`);
    parts.push(`<tr><td>${r.index}</td><td>${r.startxref} / ${r.endOffset}</td><td>${items.length ? list(items) : escapeHtml(VI.none)}</td></tr>`);
  }
  parts.push('</table></body></html>');
  return parts.join('\n');
}
