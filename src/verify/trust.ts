import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../shared/errors';
import { Cert, parseCerts } from './crypto/certificate';

/**
 * Trust anchors and CRLs from DER or PEM. A missing trust directory is not an error (then
 * nothing is trusted and every chain says so); an unreadable file in it is reported.
 */
const CERT_EXT = new Set(['.pem', '.crt', '.cer', '.der']);

export function loadAnchors(src: Uint8Array[] | string, errors: string[] = []): Cert[] {
  if (typeof src !== 'string') return parseCerts(src.flatMap(splitPem), errors);
  if (!existsSync(src)) return [];
  if (!statSync(src).isDirectory()) throw new InvalidInputError('trust_dir_invalid', `trust anchors: ${src} is not a directory`);
  const ders = readdirSync(src)
    .filter((f) => CERT_EXT.has(path.extname(f).toLowerCase()))
    .sort()
    .flatMap((f) => splitPem(new Uint8Array(readFileSync(path.join(src, f)))));
  return parseCerts(ders, errors);
}

/** PEM (possibly several blocks) → DER list; DER passes through. */
export function splitPem(bytes: Uint8Array): Uint8Array[] {
  const text = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  if (!text.includes('-----BEGIN')) return [bytes];
  const all = Buffer.from(bytes).toString('latin1');
  return [...all.matchAll(/-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/g)].map((m) => new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ''), 'base64')));
}

/** CRLs kept next to the anchors (`*.crl`, DER or PEM), e.g. the development PKI's. */
export function loadCrlDir(dir: string): Uint8Array[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => path.extname(f).toLowerCase() === '.crl')
    .sort()
    .flatMap((f) => splitPem(new Uint8Array(readFileSync(path.join(dir, f)))));
}
