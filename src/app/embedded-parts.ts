import type { AuthService } from '../auth/auth-service';
import type { AuditInput } from '../audit/audit-log';
import type { Config } from '../config';
import type { ImageStore } from '../dossiers/signature-images';
import type { DevPki } from '../pki';
import { NotFoundError } from '../shared/errors';
import type { VerifyPool } from '../verify/pool';
import { renderReportHtml } from '../verify/report-html';
import type { AppServices, PkiEndpoints, VerifierServices } from './app-services';

/**
 * Sign-in, accounts and the images drawn in signatures: the admin's side of the embedded root.
 * Each change commits with its audit entry (the stores append it in their transaction).
 */
export function adminServices(d: { auth: AuthService; images: ImageStore; agencyName: string }): Pick<AppServices, 'auth' | 'users' | 'images'> {
  const { auth, images } = d;
  const knownUser = async (username: string | undefined, code: string) => {
    const user = await auth.findUser(username ?? '');
    if (!user) throw new NotFoundError(code, `No user '${username}'`);
    return user;
  };
  return {
    auth: {
      login: (username, password, client) => auth.login(username, password, client),
      authenticate: async (token, seen) => auth.authenticate(token, seen),
      logout: async (token) => auth.logout(token),
      openStream: (user, token) => auth.openStream(user, token),
      // Read at each use: the caps can be changed while the service runs.
      get streamSettings() {
        return auth.streams.settings;
      },
    },
    users: {
      list: () => auth.listUsers(),
      find: (username) => auth.findUser(username),
      create: (actor, input) => auth.createUser(input, { action: 'user.created', actor, detail: { username: input.username, role: input.role } }),
    },
    images: {
      async set(actor, kind, bytes, username) {
        if (kind === 'signature') await knownUser(username, 'user_not_found');
        const audit = (size: { width: number; height: number }): AuditInput => ({ action: 'settings.changed', actor, detail: { image: kind, username: username ?? null, ...size } });
        const size = await images.set(kind, bytes, username, audit);
        return { kind, username: username ?? null, ...size };
      },
      async current(kind, username) {
        if (kind === 'seal') {
          const own = await images.seal();
          return own ? { png: own, uploaded: true } : { png: await (await defaultImages()).defaultSealImage(d.agencyName), uploaded: false };
        }
        const user = await knownUser(username, 'unknown_user');
        const own = await images.signature(user.username);
        return own ? { png: own, uploaded: true } : { png: await (await defaultImages()).defaultSignatureImage(user.displayName), uploaded: false };
      },
    },
  };
}

/** The drawn default images (sharp, fonts): loaded when an agency has not uploaded its own. */
const defaultImages = () => import('../signing/images');

/**
 * Verification in worker threads, off the request thread. Revocation data: CRLs placed beside
 * the trust anchors (read by the thread), and the running PKI's own.
 */
export function verifierServices(pool: VerifyPool, config: Config, pki: DevPki | undefined): VerifierServices {
  return {
    verify: (bytes) =>
      pool.verify({
        bytes,
        trustDir: config.trustDir,
        crls: pki ? [pki.crl('issuing'), pki.crl('root')] : [],
        limits: { maxBytes: config.maxUploadBytes, timeMs: 20_000 },
      }),
    html: (r, subject) => renderReportHtml(r, { lang: 'vi', subject }),
    // pdf-lib and fontkit: loaded for the first PDF report, not at start.
    pdf: async (r, subject) => (await import('../verify/report-pdf')).renderReportPdf(r, { subject }),
  };
}

/** The development PKI's public endpoints, named in its certificates (CRL distribution points, AIA). */
export function pkiEndpoints(pki: DevPki): PkiEndpoints {
  return {
    crl: async (name) => pki.crl(name),
    caCertificate: async (name) => pki.certificate(`${name}-ca`),
    ocsp: (request) => pki.ocsp.respond(request),
    tsa: (request) => pki.tsa.respond(request),
  };
}
