import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../shared/errors';
import { Cert, parseCerts } from './crypto/certificate';

/**
 * Trust anchors and CRLs from DER or PEM. A missing trust directory is not an error (then
 * nothing is trusted and every chain says so); an unreadable file in it is reported.
 * A folder's contents are parsed once and again only when it changes (a file added, removed,
 * resized or touched), not on every verification.
 */
const CERT_EXT = new Set(['.pem', '.crt', '.cer', '.der']);

export function loadAnchors(src: Uint8Array[] | string, errors: string[] = []): Cert[] {
  if (typeof src !== 'string') return parseCerts(src.flatMap(splitPem), errors);
  if (!existsSync(src)) return [];
  if (!statSync(src).isDirectory()) throw new InvalidInputError('trust_dir_invalid', `trust anchors: ${src} is not a directory`);
  const loaded = cachedByFolder(src, CERT_EXT, (ders) => {
    const problems: string[] = [];
    return { certs: parseCerts(ders, problems), problems };
  });
  errors.push(...loaded.problems);
  return loaded.certs;
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
  return cachedByFolder(dir, CRL_EXT, (ders) => ders);
}

const CRL_EXT = new Set(['.crl']);
const folderCache = new Map<string, { stamp: string; value: unknown }>();

/** `parse` of the DER blocks in the folder's files with these extensions, redone only when they change. */
function cachedByFolder<T>(dir: string, exts: Set<string>, parse: (ders: Uint8Array[]) => T): T {
  const files = readdirSync(dir).filter((f) => exts.has(path.extname(f).toLowerCase())).sort();
  const stamp = files.map((f) => {
    const st = statSync(path.join(dir, f));
    return `${f}:${st.size}:${st.mtimeMs}`;
  }).join('|');
  const key = `${[...exts].join(',')}|${path.resolve(dir)}`;
  const hit = folderCache.get(key);
  if (hit?.stamp === stamp) return hit.value as T;
  const value = parse(files.flatMap((f) => splitPem(new Uint8Array(readFileSync(path.join(dir, f))))));
  folderCache.set(key, { stamp, value });
  return value;
}
