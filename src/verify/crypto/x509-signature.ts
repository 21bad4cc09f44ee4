import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { equalBytes } from '../bytes';
import { paramsForSignatureOid } from './algorithms';
import type { PublicKeyInfo } from './public-key';
import { verifySignature } from './signature-check';

/**
 * The signature on an X.509-style object (certificate, CRL, OCSP response): its
 * AlgorithmIdentifier (with RSA-PSS parameters) and the bytes it signs. False when it does not
 * verify or cannot be checked. `inner`: the algorithm repeated inside the signed part, which
 * must be the same, parameters included (as OpenSSL's X509_verify requires).
 */
export async function verifyX509Signature(alg: pkijs.AlgorithmIdentifier, tbs: Uint8Array, sig: asn1js.BitString, key: PublicKeyInfo, inner?: pkijs.AlgorithmIdentifier): Promise<boolean> {
  if (inner && !equalBytes(der(inner), der(alg))) return false;
  try {
    let pss: { hashOid: string; saltLength: number } | undefined;
    if (alg.algorithmParams && alg.algorithmId === '1.2.840.113549.1.1.10') {
      const p = new pkijs.RSASSAPSSParams({ schema: alg.algorithmParams });
      pss = { hashOid: p.hashAlgorithm.algorithmId, saltLength: p.saltLength };
    }
    return await verifySignature(paramsForSignatureOid(alg.algorithmId, pss), key, tbs, sig.valueBlock.valueHexView);
  } catch {
    return false;
  }
}

const der = (a: pkijs.AlgorithmIdentifier) => new Uint8Array(a.toSchema().toBER());
