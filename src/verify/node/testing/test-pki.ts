import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A test PKI made with the `openssl` command line (an implementation independent of ours):
 * a trusted root, an untrusted root, signers that are valid, revoked (with a CRL) or expired,
 * and a time-stamping authority. EC P-256 roots, RSA-2048 signers. Each signer is also loaded into
 * an NSS database so that `pdfsig -add-signature` can sign with it.
 */
export interface TestPki {
  dir: string;
  nssDir: string;
  rootDer: Uint8Array;
  otherRootDer: Uint8Array;
  crlDer: Uint8Array;
  tsa: { cert: string; key: string; config: string };
}

export const SIGNERS = {
  leader: { cn: 'Nguyễn Văn Hùng', o: 'Ủy ban nhân dân phường Bến Thành', ca: 'root' },
  seal: { cn: 'Ủy ban nhân dân phường Bến Thành', o: 'Ủy ban nhân dân phường Bến Thành', ca: 'root' },
  stranger: { cn: 'Trần Thị Ánh Tuyết', o: 'Công ty Lạ', ca: 'other' },
  revoked: { cn: 'Lê Văn Đức', o: 'Ủy ban nhân dân phường Bến Thành', ca: 'root', revoke: true },
  expired: { cn: 'Phạm Thị Ơn', o: 'Ủy ban nhân dân phường Bến Thành', ca: 'root', expired: true },
  // EC key: re-signs a pdfsig signature with a smaller CMS that has room for a time-stamp token.
  clerk: { cn: 'Võ Thị Thư', o: 'Ủy ban nhân dân phường Bến Thành', ca: 'root', ec: true },
} as const;

export type SignerName = keyof typeof SIGNERS;

const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

function caConfig(dir: string): string {
  return `[ ca ]
default_ca = CA_default
[ CA_default ]
dir = ${dir}
database = ${dir}/index.txt
new_certs_dir = ${dir}/newcerts
serial = ${dir}/serial
crlnumber = ${dir}/crlnumber
default_md = sha256
policy = policy_any
unique_subject = no
default_crl_days = 30
utf8 = yes
string_mask = utf8only
[ policy_any ]
commonName = supplied
organizationName = optional
[ req ]
distinguished_name = dn
utf8 = yes
string_mask = utf8only
[ dn ]
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ v3_leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ v3_tsa ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
[ tsa ]
default_tsa = tsa1
[ tsa1 ]
dir = ${dir}
serial = ${dir}/tsaserial
crypto_device = builtin
signer_cert = ${dir}/tsa.pem
signer_key = ${dir}/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;
}

function makeCa(dir: string, name: string, cn: string): void {
  const d = path.join(dir, name);
  mkdirSync(path.join(d, 'newcerts'), { recursive: true });
  writeFileSync(path.join(d, 'index.txt'), '');
  writeFileSync(path.join(d, 'serial'), '1000\n');
  writeFileSync(path.join(d, 'crlnumber'), '01\n');
  writeFileSync(path.join(d, 'tsaserial'), '01\n');
  writeFileSync(path.join(d, 'ca.cnf'), caConfig(d));
  run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'root.key'], d);
  run('openssl', ['req', '-config', 'ca.cnf', '-x509', '-new', '-key', 'root.key', '-subj', `/CN=${cn}/O=Taicho Test`, '-days', '3650', '-extensions', 'v3_ca', '-out', 'root.pem'], d);
}

function issue(dir: string, ca: string, name: string, cn: string, o: string, ext: string, start: string, end: string, ec = false): void {
  const d = path.join(dir, ca);
  // RSA for most signers: pdfsig sizes its placeholder from a trial signature, and ECDSA's
  // variable-length signatures make it fail now and then (pdfsigSign retries).
  if (ec) run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`], d);
  else run('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${name}.key`], d);
  run('openssl', ['req', '-config', 'ca.cnf', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}/O=${o}`, '-out', `${name}.csr`], d);
  run('openssl', ['ca', '-batch', '-config', 'ca.cnf', '-cert', 'root.pem', '-keyfile', 'root.key', '-in', `${name}.csr`, '-out', `${name}.pem`, '-extensions', ext, '-startdate', start, '-enddate', end, '-notext'], d);
}

const der = (pemFile: string) => new Uint8Array(Buffer.from(readFileSync(pemFile, 'latin1').replace(/-----[^-]+-----|\s/g, ''), 'base64'));

/** PEM key and DER certificate of a signer, for signatures made outside NSS. */
export function signerFiles(pki: TestPki, name: SignerName): { keyPem: string; certDer: Uint8Array } {
  const d = path.join(pki.dir, SIGNERS[name].ca);
  return { keyPem: readFileSync(path.join(d, `${name}.key`), 'latin1'), certDer: der(path.join(d, `${name}.pem`)) };
}

export function createTestPki(dir: string): TestPki {
  makeCa(dir, 'root', 'Taicho Test Root CA');
  makeCa(dir, 'other', 'Untrusted Test Root');
  const nssDir = path.join(dir, 'nss');
  mkdirSync(nssDir);
  run('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password'], dir);
  for (const [name, s] of Object.entries(SIGNERS)) {
    const expired = 'expired' in s && s.expired;
    const ec = 'ec' in s && s.ec;
    issue(dir, s.ca, name, s.cn, s.o, 'v3_leaf', expired ? '20200101000000Z' : '20250101000000Z', expired ? '20210101000000Z' : '20350101000000Z', ec);
    const d = path.join(dir, s.ca);
    const chain = ec ? [] : ['-certfile', 'root.pem'];
    run('openssl', ['pkcs12', '-export', '-inkey', `${name}.key`, '-in', `${name}.pem`, ...chain, '-name', name, '-out', `${name}.p12`, '-passout', 'pass:'], d);
    run('pk12util', ['-i', path.join(d, `${name}.p12`), '-d', `sql:${nssDir}`, '-W', ''], dir);
    if ('revoke' in s && s.revoke) run('openssl', ['ca', '-config', 'ca.cnf', '-cert', 'root.pem', '-keyfile', 'root.key', '-revoke', `${name}.pem`, '-crl_reason', 'keyCompromise'], d);
  }
  const root = path.join(dir, 'root');
  issue(dir, 'root', 'tsa', 'Taicho Test TSA', 'Taicho Test', 'v3_tsa', '20250101000000Z', '20350101000000Z', true);
  run('openssl', ['ca', '-config', 'ca.cnf', '-cert', 'root.pem', '-keyfile', 'root.key', '-gencrl', '-out', 'crl.pem'], root);
  return {
    dir,
    nssDir,
    rootDer: der(path.join(root, 'root.pem')),
    otherRootDer: der(path.join(dir, 'other', 'root.pem')),
    crlDer: der(path.join(root, 'crl.pem')),
    tsa: { cert: path.join(root, 'tsa.pem'), key: path.join(root, 'tsa.key'), config: path.join(root, 'ca.cnf') },
  };
}

/** An RFC 3161 token from `openssl ts -reply` over a SHA-256 digest. */
export function opensslTimestamp(pki: TestPki, digest: Uint8Array): Uint8Array {
  const d = path.dirname(pki.tsa.config);
  run('openssl', ['ts', '-query', '-digest', Buffer.from(digest).toString('hex'), '-sha256', '-cert', '-no_nonce', '-out', 'q.tsq'], d);
  run('openssl', ['ts', '-reply', '-config', pki.tsa.config, '-queryfile', 'q.tsq', '-token_out', '-out', 'tok.der'], d);
  return new Uint8Array(readFileSync(path.join(d, 'tok.der')));
}
