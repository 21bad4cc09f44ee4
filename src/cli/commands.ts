import type { CliCommand } from './command';

/** The registry: each domain owns its command's module; loading is lazy so `--help` is fast. */
export const commands: readonly { name: string; summary: string; load: () => Promise<CliCommand> }[] = [
  { name: 'serve', summary: 'Run the HTTP service (same as npm start)', load: async () => (await import('../server-cli')).serveCommand },
  { name: 'ocr', summary: 'Scans → one searchable PDF/A (same pipeline as the server)', load: async () => (await import('../digitise/cli')).ocrCommand },
  { name: 'pki', summary: 'Development PKI: `pki init` creates CAs, signer PKCS#12 files, TSA, CRL', load: async () => (await import('../pki/cli')).pkiCommand },
  { name: 'sign', summary: 'Sign a PDF (PAdES), incrementally if already signed', load: async () => (await import('../signing/cli')).signCommand },
  { name: 'archive', summary: 'Archive renewal (PAdES B-LTA): `archive renew` time-stamps sealed results again before the last one ends', load: async () => (await import('../archive/cli')).archiveCommand },
  { name: 'verify', summary: 'Verify every signature of a PDF: integrity, chain, time, revocation, changes', load: async () => (await import('../verify/node/cli')).verifyCommand },
  { name: 'backup', summary: 'Back up the data dir, PKI and trust anchors while the server runs', load: async () => (await import('../backup/cli')).backupCommand },
  { name: 'restore', summary: 'Restore a backup into an empty data dir, checking blobs and the audit chain', load: async () => (await import('../backup/cli')).restoreCommand },
];
