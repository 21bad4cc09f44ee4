import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import type { AuthUser } from '../auth/roles';
import { PinThrottle, pkiRevocationSource, type OcspResponder, type PkiDirectory, type TimeStampAuthority } from '../pki';
import { ConflictError, NotFoundError, UnavailableError } from '../shared/errors';
import {
  addArchiveTimestamp,
  addDss,
  certifyCopy,
  completeExternal,
  externalStateFromJson,
  externalStateToJson,
  LocalKeySigner,
  leaderAppearance,
  prepareExternal,
  sealAppearance,
  signPdf,
  type SignOptions,
  type Signer,
} from '../signing';
import type { ResultSigning, SignedOutput, SigningPurpose } from './ports';

export interface ResultSigningDeps {
  /** The PKI in use; undefined while it could not be opened (signing then says so). */
  pki: () => (PkiDirectory & { tsa?: TimeStampAuthority; ocsp?: OcspResponder }) | undefined;
  agencyName: string;
  /** External RFC 3161 TSA; the PKI's own authority otherwise. */
  tsaUrl?: string;
  throttle?: PinThrottle;
  /** A leader's own handwritten-signature image and the agency's seal image (PNG), when set. */
  images?: SignatureImages;
}

export interface SignatureImages {
  signature(username: string): Promise<Uint8Array | undefined>;
  seal(): Promise<Uint8Array | undefined>;
}

/**
 * The dossier's signing policy on top of src/signing and src/pki:
 * - approval: the acting leader's OWN certificate (looked up by username, so nobody signs with
 *   another's), in the result's pre-made 'leader' field, locking the document (DocMDP P=2);
 *   then a DSS with the chain and CRLs (B-LT) in a later update — added before the seal, so the
 *   seal, the last signature, covers the whole file ("total document signed") and the same
 *   chain and CRLs serve it too;
 * - seal: the organisation certificate in the 'seal' field, then the validation data of both
 *   signatures and their time-stamps (DSS, VRI) and a document time-stamp over the whole file:
 *   the sealed result is PAdES B-LTA (renewed later by src/archive);
 * - both time-stamped (B-T); PIN failures throttled per key; expired/revoked keys refused.
 */
export function createResultSigning(deps: ResultSigningDeps): ResultSigning {
  const throttle = deps.throttle ?? new PinThrottle();

  function pki() {
    const p = deps.pki();
    if (!p) throw new UnavailableError('pki_unavailable', 'The PKI is not loaded (see the server log): signing is unavailable');
    return p;
  }
  const tsa = () => deps.tsaUrl ?? pki().tsa;

  function credential(purpose: SigningPurpose | 'certify', actor: AuthUser) {
    const role = purpose === 'approval' ? 'leader' : 'seal';
    try {
      const entry = pki().credential(role, purpose === 'approval' ? actor.username : undefined);
      return { entry, path: pki().credentialPath(role, purpose === 'approval' ? actor.username : undefined) };
    } catch (e) {
      if (e instanceof NotFoundError) throw new ConflictError('no_certificate', purpose === 'approval' ? `Leader '${actor.username}' has no signing certificate` : 'The organisation has no seal certificate', { role });
      throw e;
    }
  }

  async function unlock(purpose: SigningPurpose | 'certify', actor: AuthUser, pin: string): Promise<Signer> {
    const { path, entry } = credential(purpose, actor);
    return LocalKeySigner.fromP12(new Uint8Array(readFileSync(path)), pin, {
      crl: pki().crl('issuing'),
      // Per key, not per user: the seal key is shared by every clerk and reception account,
      // and all of them together get the throttle's few tries at its PIN.
      throttle: { throttle, key: `key:${entry.fingerprintSha256}` },
    });
  }

  async function options(purpose: SigningPurpose, actor: AuthUser, now: number): Promise<SignOptions> {
    const at = new Date(now);
    return purpose === 'approval'
      ? { field: 'leader', docMdp: true, reason: 'Phê duyệt kết quả giải quyết hồ sơ', location: deps.agencyName, now: at, timestamp: tsa(), appearance: await leaderAppearance({ signerName: actor.displayName, agency: deps.agencyName, at, image: await deps.images?.signature(actor.username) }) }
      : { field: 'seal', reason: 'Đóng dấu (chữ ký số của cơ quan)', location: deps.agencyName, now: at, timestamp: tsa(), appearance: await sealAppearance({ agency: deps.agencyName, image: await deps.images?.seal() }) };
  }

  /** B-LT: the chain and the CRLs a verifier needs years later, in their own incremental update. */
  async function withValidationData(pdf: Uint8Array, cert: Uint8Array, chain: Uint8Array[]): Promise<Uint8Array> {
    return addDss(pdf, { certs: [cert, ...chain], crls: [pki().crl('issuing'), pki().crl('root')] });
  }

  /** Approval → B-LT (its DSS also serves the seal); seal → B-LTA (DSS, VRI, document time-stamp). */
  async function finish(purpose: SigningPurpose, signed: Uint8Array, cert: Uint8Array, chain: Uint8Array[]): Promise<SignedOutput> {
    if (purpose === 'approval') return output(await withValidationData(signed, cert, chain), cert, 'B-LT');
    const authority = tsa();
    if (!authority) return output(signed, cert, 'B-T'); // no authority to time-stamp with (a PKI without its TSA)
    return output(await addArchiveTimestamp(signed, { tsa: authority, revocation: pkiRevocationSource(pki()) }), cert, 'B-LTA');
  }

  function output(pdf: Uint8Array, cert: Uint8Array, level: string): SignedOutput {
    const x = new X509Certificate(cert);
    return { pdf, certFingerprint: x.fingerprint256.replace(/:/g, '').toLowerCase(), certSubject: x.subject.replace(/\n/g, ', '), level };
  }

  return {
    async sign({ purpose, pdf, actor, pin, now }) {
      const signer = await unlock(purpose, actor, pin);
      const signed = await signPdf(pdf, { signer, ...(await options(purpose, actor, now)) });
      return finish(purpose, signed, signer.certificate, signer.chain);
    },
    async prepareExternal({ purpose, pdf, actor, now }) {
      const { entry } = credential(purpose, actor);
      const certificate = pki().certificate(entry.id);
      const chain = [pki().certificate('issuing-ca'), pki().certificate('root-ca')];
      const prepared = await prepareExternal(pdf, { certificate, chain, ...(await options(purpose, actor, now)) });
      return { digest: prepared.digest, certificate, state: JSON.stringify({ purpose, inner: externalStateToJson(prepared.state) }) };
    },
    async completeExternal({ state, signatureValue }) {
      const { purpose, inner } = JSON.parse(state) as { purpose: SigningPurpose; inner: string };
      const parsed = externalStateFromJson(inner);
      const signed = await completeExternal(parsed, signatureValue, { timestamp: tsa() });
      return finish(purpose, signed, parsed.certificate, parsed.chain);
    },
    async certifyCopy({ pdf, actor, pin, copyNumber, now }) {
      const signer = await unlock('certify', actor, pin);
      const signed = await certifyCopy(pdf, { signer, copyNumber, organisation: deps.agencyName, timestamp: tsa(), now: new Date(now), location: deps.agencyName });
      return output(signed, signer.certificate, 'B-T');
    },
  };
}
