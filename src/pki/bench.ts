import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { KeyAlgorithmName } from './crypto';
import { digest } from './crypto';
import { queryOcsp } from './ocsp-client';
import { loadSignerFromP12 } from './signer';
import { createTestPki, removeScratch, TEST_PIN } from './testing';
import { requestTimestamp } from './tsa-client';

/**
 * PKI figures for `npm run bench` (or `npx tsx src/pki/bench.ts`): hierarchy creation,
 * time-stamp tokens and OCSP answers per second (in process), and the cost of unlocking a
 * PKCS#12 (MAC, PBKDF2, AES, CRL check) — once per algorithm, one process, sequential.
 */

export interface PkiBenchRow {
  algorithm: KeyAlgorithmName;
  initMs: number;
  tsaTokensPerSecond: number;
  ocspPerSecond: number;
  unlockMs: number;
}

async function perSecond(n: number, f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await f();
  return n / ((performance.now() - t0) / 1000);
}

export async function benchPki(algorithms: KeyAlgorithmName[] = ['ECDSA-P256', 'RSA-3072'], n = 200): Promise<PkiBenchRow[]> {
  const rows: PkiBenchRow[] = [];
  for (const algorithm of algorithms) {
    const t0 = performance.now();
    const pki = await createTestPki({ keyAlgorithm: algorithm });
    const initMs = performance.now() - t0;
    const d = digest('SHA-256', new TextEncoder().encode('Hồ sơ một cửa'));
    const leader = pki.certificate('leader:chutich');
    const issuer = pki.certificate('issuing-ca');
    const p12 = new Uint8Array(readFileSync(pki.credentialPath('leader', 'chutich')));
    const crl = pki.crl('issuing');
    rows.push({
      algorithm,
      initMs: Math.round(initMs),
      tsaTokensPerSecond: Math.round(await perSecond(n, () => requestTimestamp(pki.tsa, d))),
      ocspPerSecond: Math.round(await perSecond(n, () => queryOcsp(pki.ocsp, leader, issuer))),
      unlockMs: Number((1000 / (await perSecond(50, () => loadSignerFromP12(p12, TEST_PIN, { crl })))).toFixed(1)),
    });
  }
  removeScratch();
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await benchPki()) {
    console.log(`${r.algorithm}: init ${r.initMs} ms, TSA ${r.tsaTokensPerSecond} tokens/s, OCSP ${r.ocspPerSecond} answers/s (query + verify), unlock PKCS#12 + CRL ${r.unlockMs} ms`);
  }
}
