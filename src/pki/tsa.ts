import { randomBytes } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, GeneralName } from '@peculiar/asn1-x509';
import * as tsp from '@peculiar/asn1-tsp';
import { InvalidInputError } from '../shared/errors';
import { DEV_POLICY_ARC } from './certificates';
import { createCmsSigner } from './cms';
import { HASH_LENGTHS, HASH_OIDS, hashNameFromOid, toArrayBuffer, type HashName } from './crypto';
import { namedBits, sequence, smallInteger, utf8String } from './der';

/**
 * RFC 3161 time-stamping authority: TimeStampReq → TimeStampResp whose token is a CMS
 * SignedData over a TSTInfo, with ESS signing-certificate-v2, the nonce echoed, a unique
 * serial number, genTime to the second and an accuracy of one second.
 * Bad requests are answered (status rejection + failInfo), never thrown, as RFC 3161 §2.4.2 wants.
 */

export const DEV_TSA_POLICY = `${DEV_POLICY_ARC}.2`;
const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';
const ACCEPTED_HASHES: HashName[] = ['SHA-256', 'SHA-384', 'SHA-512'];

export interface TimeStampAuthorityOptions {
  /** TSA certificate (DER), EKU timeStamping critical. */
  cert: Uint8Array;
  key: CryptoKey;
  /** Issuing CA and upwards (DER), embedded when the request asks for certificates. */
  chain?: Uint8Array[];
  policy?: string;
  clock?: () => Date;
}

export interface TimeStampAuthority {
  readonly policy: string;
  readonly certificate: Uint8Array;
  /** DER TimeStampReq in, DER TimeStampResp out. */
  respond(requestDer: Uint8Array): Promise<Uint8Array>;
}

/** RFC 3161 PKIFailureInfo bit numbers. */
const FAIL = { badAlg: 0, badRequest: 2, badDataFormat: 5, unacceptedPolicy: 15, unacceptedExtension: 16, systemFailure: 25 } as const;

class Rejection extends Error {
  constructor(readonly bit: number, message: string) {
    super(message);
  }
}

export function createTimeStampAuthority(o: TimeStampAuthorityOptions): TimeStampAuthority {
  const policy = o.policy ?? DEV_TSA_POLICY;
  const clock = o.clock ?? (() => new Date());
  const tsaName = new GeneralName({ directoryName: AsnConvert.parse(o.cert, Certificate).tbsCertificate.subject });
  const serials = serialSource();
  const cms = createCmsSigner({ signerCert: o.cert, key: o.key, certificates: [o.cert, ...(o.chain ?? [])] });
  return {
    policy,
    certificate: o.cert,
    async respond(requestDer) {
      try {
        const req = parseRequest(requestDer, policy);
        const genTime = new Date(Math.floor(clock().getTime() / 1000) * 1000);
        const tstInfo = new tsp.TSTInfo({
          version: tsp.TSTInfoVersion.v1,
          policy,
          messageImprint: req.messageImprint,
          serialNumber: toArrayBuffer(serials()),
          genTime,
          accuracy: new tsp.Accuracy({ seconds: 1 }),
          ...(req.nonce ? { nonce: req.nonce } : {}),
          tsa: tsaName,
        });
        const token = cms.sign(OID_TST_INFO, new Uint8Array(AsnConvert.serialize(tstInfo)), req.certReq);
        // TimeStampResp ::= SEQUENCE { status PKIStatusInfo (granted), timeStampToken }
        return sequence(sequence(smallInteger(tsp.PKIStatus.granted)), token);
      } catch (e) {
        if (e instanceof Rejection) return rejection(e.bit, e.message);
        return rejection(FAIL.systemFailure, 'the time-stamping authority failed');
      }
    },
  };
}

function parseRequest(der: Uint8Array, policy: string): tsp.TimeStampReq {
  let req: tsp.TimeStampReq;
  try {
    req = AsnConvert.parse(der, tsp.TimeStampReq);
  } catch {
    throw new Rejection(FAIL.badDataFormat, 'not a DER TimeStampReq');
  }
  if (req.version !== 1) throw new Rejection(FAIL.badRequest, `unsupported request version ${req.version}`);
  const hash = hashNameFromOid(req.messageImprint.hashAlgorithm.algorithm);
  if (!hash || !ACCEPTED_HASHES.includes(hash)) throw new Rejection(FAIL.badAlg, 'hash algorithm not accepted (SHA-256, SHA-384 or SHA-512)');
  if (req.messageImprint.hashedMessage.byteLength !== HASH_LENGTHS[hash]) throw new Rejection(FAIL.badDataFormat, `a ${hash} imprint has ${HASH_LENGTHS[hash]} bytes`);
  if (req.reqPolicy && req.reqPolicy !== policy) throw new Rejection(FAIL.unacceptedPolicy, `policy ${req.reqPolicy} is not offered`);
  if (req.extensions?.length) throw new Rejection(FAIL.unacceptedExtension, 'request extensions are not supported');
  return req;
}

/** TimeStampResp with status rejection(2), a reason and one failInfo bit. */
function rejection(bit: number, text: string): Uint8Array {
  return sequence(sequence(smallInteger(tsp.PKIStatus.rejection), sequence(utf8String(text)), namedBits([bit])));
}

/**
 * Unique serial numbers: 6 bytes of wall-clock milliseconds, a 4-byte in-process counter and
 * 5 random bytes, so that two processes or a restart do not repeat a serial either.
 */
function serialSource(): () => Uint8Array {
  let counter = 0;
  return () => {
    const out = Buffer.alloc(16);
    out.writeUIntBE(Date.now(), 1, 6);
    out.writeUInt32BE(counter++ >>> 0, 7);
    randomBytes(5).copy(out, 11);
    out[0] = 0x01; // positive and never a leading zero byte
    return new Uint8Array(out);
  };
}

/** Builds a DER TimeStampReq (what the client sends). */
export function buildTimeStampRequest(digest: Uint8Array, hash: HashName = 'SHA-256', nonce: Uint8Array = randomNonce()): Uint8Array {
  if (digest.length !== HASH_LENGTHS[hash]) throw new InvalidInputError('invalid_digest', `a ${hash} digest has ${HASH_LENGTHS[hash]} bytes, got ${digest.length}`);
  const req = new tsp.TimeStampReq({
    version: tsp.TimeStampReqVersion.v1,
    messageImprint: new tsp.MessageImprint({
      hashAlgorithm: new AlgorithmIdentifier({ algorithm: HASH_OIDS[hash], parameters: null }),
      hashedMessage: new OctetString(digest),
    }),
    nonce: toArrayBuffer(nonce),
    certReq: true,
  });
  return new Uint8Array(AsnConvert.serialize(req));
}

/** A positive 64-bit nonce (INTEGER: first bit clear, no leading zero byte). */
export function randomNonce(): Uint8Array {
  const n = new Uint8Array(randomBytes(8));
  n[0] = (n[0] & 0x7f) | 0x01;
  return n;
}
