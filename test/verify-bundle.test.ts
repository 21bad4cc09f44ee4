import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { verifyPdf } from '../src/verify';
import { needPath } from './support/tools';

/**
 * The verifier is portable (issue 15): its public entry bundles for a neutral platform, where
 * esbuild resolves no Node built-in, and the bundle verifies a signed PDF inside a bare V8
 * context that has WebCrypto and the web's text and base64 functions but no `require`,
 * `process`, `Buffer` or `node:` module — as in a browser or another runtime. Its report is
 * the one the verifier gives on Node.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURE = path.join(ROOT, '../shared/corpus/pdf/dss-Test.signed_Certipost-2048-SHA512.extended-LTA.pdf');
const NOW = new Date('2026-01-01T00:00:00Z');

async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [path.join(ROOT, 'src/verify/index.ts')],
    bundle: true,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    format: 'iife',
    globalName: 'taichoVerify',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

describe('the verifier bundled for a neutral platform', () => {
  it('bundles with no Node built-in', async () => {
    const code = await bundle();
    expect(code).not.toMatch(/["']node:|\brequire\(["']/);
    expect(code.length).toBeGreaterThan(100_000); // pkijs, asn1js, fflate and @noble inside
  });

  needPath(FIXTURE, "the peers' corpus (../shared/corpus)").it('verifies a signed PDF in a context without Node, as on Node', async () => {
    const code = await bundle();
    const bare = vm.createContext({ crypto: globalThis.crypto, TextDecoder, TextEncoder, atob, btoa, console });
    vm.runInContext(code, bare);
    expect(vm.runInContext('typeof require + typeof process + typeof Buffer', bare)).toBe('undefinedundefinedundefined');
    const pdf = readFileSync(FIXTURE);
    // The bytes are made inside the context: its typed arrays are not the host's.
    bare.input = { bytes: Array.from(pdf), now: NOW.toISOString() };
    const json = await vm.runInContext(
      'taichoVerify.verifyPdf(Uint8Array.from(input.bytes), { anchors: [], now: new Date(input.now) }).then((r) => JSON.stringify(r))',
      bare,
    );
    const there = JSON.parse(json as string);
    const here = await verifyPdf(new Uint8Array(pdf), { anchors: [], now: NOW });
    expect(there.signatures).toHaveLength(3);
    expect(there.signatures.every((s: { integrity: string; signatureValid: boolean }) => s.integrity === 'intact' && s.signatureValid)).toBe(true);
    expect(there).toEqual(JSON.parse(JSON.stringify(here)));
  });
});
