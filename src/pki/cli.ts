import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand, CliIO } from '../cli/command';
import { loadConfig } from '../config';
import { demoSecrets } from '../bootstrap/demo-secrets';
import { DEMO_USERS } from '../bootstrap/demo-users';
import { InvalidInputError, NotFoundError } from '../shared/errors';
import { initDevPki } from './dev-pki';
import { loadPki } from './dev-services';
import { importCredential } from './import';

const USAGE = `taicho pki — development PKI and signing credentials

  taicho pki init [--dir DIR] [--trust-dir DIR] [--pin PIN]
                  [--leader username:"Full Name"]... [--key-algorithm RSA-3072|ECDSA-P256] [--force]
      Root CA → issuing CA → one personal certificate per leader (default: the demo leader),
      the agency's seal certificate, TSA and OCSP certificates, a revoked and an expired test
      leader, CRLs, and the trust anchor in --trust-dir. Keys are written only as PKCS#12
      protected by the PIN: --pin, else TAICHO_DEMO_PIN, else the demo PIN kept (0600) in
      the data dir, generated and printed once. Agency and public URL come from the
      configuration (TAICHO_AGENCY_NAME, TAICHO_AGENCY_CODE, TAICHO_PUBLIC_URL).

  taicho pki import --p12 file.p12 --role leader|seal [--user username] [--dir DIR] [--pin PIN]
      Copies a PKCS#12 issued by a real CA into the PKI directory and records it in the
      manifest, after checking that the PIN (--pin, else TAICHO_P12_PIN) opens it and that the
      certificate is valid. It replaces the earlier credential of that leader (or the seal).

  taicho pki list [--dir DIR]
      What the PKI directory holds: role, user, subject, validity, SHA-256 fingerprint.

  --dir defaults to TAICHO_PKI_DIR (else <data dir>/pki) and --trust-dir to TAICHO_TRUST_DIR
  (else <data dir>/trust), the data dir being TAICHO_DATA_DIR (else ./data): the same folders
  the server uses.
`;

export const pkiCommand: CliCommand = {
  name: 'pki',
  summary: 'Development PKI: `pki init` creates CAs, signer PKCS#12 files, TSA, CRL; `pki import` adds real ones',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'init') return init(rest, io);
    if (sub === 'import') return importP12(rest, io);
    if (sub === 'list') return list(rest, io);
    throw new InvalidInputError('unknown_subcommand', `unknown pki subcommand '${sub ?? ''}' (init, import or list)\n\n${USAGE}`);
  },
};

async function init(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: 'string' },
      'trust-dir': { type: 'string' },
      pin: { type: 'string' },
      leader: { type: 'string', multiple: true },
      'key-algorithm': { type: 'string', default: 'RSA-3072' },
      force: { type: 'boolean', default: false },
    },
  });
  const alg = values['key-algorithm'];
  if (alg !== 'RSA-3072' && alg !== 'ECDSA-P256') throw new InvalidInputError('invalid_key_algorithm', '--key-algorithm is RSA-3072 or ECDSA-P256');
  const config = loadConfig(io.env, io.cwd);
  const secrets = values.pin ? undefined : demoSecrets(config.dataDir, { password: config.demoPassword, pin: config.demoPin });
  const pin = values.pin ?? secrets!.pin;
  const leaders = (values.leader ?? []).map(parseLeader);
  const dir = pkiDir(values.dir, io);
  const manifest = await initDevPki({
    dir,
    trustDir: values['trust-dir'] ? path.resolve(io.cwd, values['trust-dir']) : config.trustDir,
    pin,
    agency: { code: config.agency.code, name: config.agency.name },
    leaders: leaders.length ? leaders : [{ username: 'leader', fullName: DEMO_USERS.leader.displayName }],
    publicUrl: config.publicUrl,
    keyAlgorithm: alg,
    force: values.force,
  });
  io.stdout(`Created the development PKI in ${dir} (${manifest.keyAlgorithm}); trust anchor in ${path.resolve(dir, manifest.trustDir)}\n`);
  for (const e of manifest.entries) io.stdout(`  ${e.id.padEnd(24)} ${e.subject}\n`);
  if (secrets?.generated) io.stdout(`\n  PKCS#12 PIN: ${pin}   (shown once; kept in ${secrets.file}, mode 0600)\n\n`);
  return 0;
}

function parseLeader(spec: string): { username: string; fullName: string } {
  const at = spec.indexOf(':');
  if (at <= 0) throw new InvalidInputError('invalid_leader', `--leader wants username:"Full Name", got '${spec}'`);
  return { username: spec.slice(0, at).trim(), fullName: spec.slice(at + 1).trim().normalize('NFC') };
}

async function importP12(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: 'string' },
      p12: { type: 'string' },
      role: { type: 'string' },
      user: { type: 'string' },
      pin: { type: 'string' },
    },
  });
  if (!values.p12) throw new InvalidInputError('p12_required', '--p12 file.p12 is required');
  if (values.role !== 'leader' && values.role !== 'seal') throw new InvalidInputError('invalid_role', '--role is leader or seal');
  const pin = values.pin ?? io.env.TAICHO_P12_PIN;
  if (!pin) throw new InvalidInputError('pin_required', 'give the PKCS#12 PIN with --pin or TAICHO_P12_PIN');
  const file = path.resolve(io.cwd, values.p12);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch {
    throw new NotFoundError('p12_not_found', `cannot read ${file}`);
  }
  const entry = await importCredential({ dir: pkiDir(values.dir, io), p12: bytes, pin, role: values.role, username: values.user });
  io.stdout(`Imported ${entry.subject} as ${entry.role}${entry.username ? ` for ${entry.username}` : ''}\n  SHA-256 ${entry.fingerprintSha256}\n  valid ${entry.notBefore} → ${entry.notAfter}\n`);
  return 0;
}

async function list(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, options: { dir: { type: 'string' } } });
  const pki = loadPki(pkiDir(values.dir, io));
  for (const e of pki.manifest.entries) {
    // Each label once: the revoked test fixture is also revoked, and says so once.
    const labels = [e.origin, e.fixture ? 'test fixture' : undefined, e.revoked ? 'revoked' : e.fixture, e.supersededBy ? `superseded by ${e.supersededBy}` : undefined];
    const flags = [...new Set(labels.filter(Boolean))].join(', ');
    io.stdout(`${e.id}\n  ${e.subject}\n  ${e.notBefore} → ${e.notAfter}  [${flags}]\n  SHA-256 ${e.fingerprintSha256}\n`);
  }
  return 0;
}

/** --dir, else the configured TAICHO_PKI_DIR (default <data dir>/pki), as the server reads it. */
function pkiDir(dir: string | undefined, io: CliIO): string {
  return dir ? path.resolve(io.cwd, dir) : loadConfig(io.env, io.cwd).pkiDir;
}
