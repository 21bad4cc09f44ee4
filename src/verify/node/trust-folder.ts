import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../../shared/errors';
import { splitPem } from '../pem';

/**
 * The verifier's Node adapter for trust: the anchors (`*.pem`, `*.crt`, `*.cer`, `*.der`) and
 * CRLs (`*.crl`) of a folder, DER or PEM, as the `{ anchors, crls }` that verifyPdf takes. A
 * folder is read once and again only when it changes (a file added, removed, resized or
 * touched), not on every verification. A missing folder is not an error (then nothing is
 * trusted and every chain says so).
 */
export interface TrustMaterial {
  anchors: Uint8Array[];
  crls: Uint8Array[];
}

const CERT_EXT = new Set(['.pem', '.crt', '.cer', '.der']);
const CRL_EXT = new Set(['.crl']);
const EMPTY: TrustMaterial = Object.freeze({ anchors: [], crls: [] });
const folderCache = new Map<string, { stamp: string; value: TrustMaterial }>();

export function trustFolder(dir: string): TrustMaterial {
  if (!existsSync(dir)) return EMPTY;
  if (!statSync(dir).isDirectory()) throw new InvalidInputError('trust_dir_invalid', `trust anchors: ${dir} is not a directory`);
  const files = readdirSync(dir).filter((f) => CERT_EXT.has(ext(f)) || CRL_EXT.has(ext(f))).sort();
  const stamp = files.map((f) => {
    const st = statSync(path.join(dir, f));
    return `${f}:${st.size}:${st.mtimeMs}`;
  }).join('|');
  const key = path.resolve(dir);
  const hit = folderCache.get(key);
  if (hit?.stamp === stamp) return hit.value;
  const read = (exts: Set<string>) => files.filter((f) => exts.has(ext(f))).flatMap((f) => splitPem(new Uint8Array(readFileSync(path.join(dir, f)))));
  const value = Object.freeze({ anchors: read(CERT_EXT), crls: read(CRL_EXT) });
  folderCache.set(key, { stamp, value });
  return value;
}

const ext = (f: string) => path.extname(f).toLowerCase();
