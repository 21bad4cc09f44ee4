import { useNativeDigests } from '../crypto/algorithms';
import { useNativeSignatures } from '../crypto/signature-check';
import type { VerificationReport, VerifyOptions } from '../types';
import { verifyPdf as verifyPortably } from '../verify-pdf';
import { nodeSignatures } from './native-signatures';
import { nodeDigests } from './node-digests';
import { withPrefixHashes } from './prefix-hashes';
import { zlibInflate } from './zlib-inflate';

/**
 * The portable verifyPdf on Node's native code where portability costs most: node:zlib's
 * inflate (decompression bombs), node:crypto's Ed448 and its digests, fed each
 * ByteRange in place. The same verdicts
 * (src/verify/node/inflate.test.ts, native-signatures.test.ts, digests.test.ts); the worker threads, the CLI and the bench use this one.
 * Known hazard: on Node 20 a thread terminated inside a node:zlib call can abort the whole process
 * ("close before init" at the thread's clean-up). The pool terminates a thread only past its 20 s
 * budget, which the parser's caps keep every known hostile file far from (each answers in < 2 s);
 * the pure-JS inflater in these threads cost 3 s on the inflate bomb, over its 2 s bound.
 */
export function verifyPdf(bytes: Uint8Array, opts: VerifyOptions): Promise<VerificationReport> {
  useNativeSignatures(nodeSignatures);
  useNativeDigests(nodeDigests);
  return withPrefixHashes(bytes, () => verifyPortably(bytes, { inflate: zlibInflate, ...opts }));
}
