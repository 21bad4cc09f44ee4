import { timingSafeEqual } from 'node:crypto';
import { appendEntry } from '../audit/audit-log';
import { audited } from './audited';
import { ConflictError, ForbiddenError, InvalidInputError, TooManyRequestsError } from '../shared/errors';
import type { AccessKeys } from './access-keys';
import { normaliseKey } from './access-keys';
import { FailureThrottle } from '../shared/failure-throttle';
import type { DossierDeps } from './ports';
import { getDossier, type DossierRow } from './workflow';

/** What the citizen holds: the key from the appointment slip and the last 4 digits of their CCCD. */
export interface ResultProof {
  key?: string;
  idLast4?: string;
}

/** The result the citizen may download: sealed (and still there after it was handed over). */
export function resultAvailable(row: Pick<DossierRow, 'status' | 'resultBlob'>): boolean {
  return (row.status === 'sealed' || row.status === 'returned') && row.resultBlob !== null;
}

/**
 * The citizen's download of the sealed result (trả kết quả trực tuyến). The order of the
 * checks is the rule:
 * 1. the proof's form (400): says nothing about any dossier;
 * 2. the status (409 `result_not_ready`): before the result exists, right and wrong proofs
 *    get the same answer, so nothing can be guessed from an unfinished dossier;
 * 3. the throttle (429 with a retry time): a dossier or client with 5 failures is locked,
 *    for longer after each further failure, and the proof is not even checked meanwhile;
 * 4. the proof (403): one answer whether the key or the digits are wrong.
 * `client` is opaque here (the HTTP layer passes the remote address).
 */
export function createCitizenResult(deps: DossierDeps, keys: AccessKeys) {
  const throttle = new FailureThrottle();

  async function refuse(row: DossierRow, client: string, keyMatched: boolean): Promise<never> {
    const now = deps.now();
    const dossier = throttle.fail(`dossier:${row.code}`, now);
    const byClient = throttle.fail(`client:${client}`, now);
    // The refusal and the locks it caused: one transaction, so the trail never shows a lock without its cause.
    await deps.uow.run(async (tx) => {
      await appendEntry(tx.audit, { action: 'result.access_denied', dossierCode: row.code, detail: { client, keyMatched, failures: dossier.failures, clientFailures: byClient.failures } }, now);
      for (const [scope, lock] of [['dossier', dossier.lockMs], ['client', byClient.lockMs]] as const) {
        if (lock) await appendEntry(tx.audit, { action: 'result.access_locked', dossierCode: row.code, detail: { scope, client, lockedSeconds: lock / 1000 } }, now);
      }
    });
    throw new ForbiddenError('wrong_proof', 'The access key or the ID digits do not match this dossier');
  }

  return async function download(code: string, proof: ResultProof, client: string): Promise<Uint8Array> {
    const { key, idLast4 } = parseProof(proof);
    const row = await deps.uow.read((r) => getDossier(r, code));
    if (!resultAvailable(row)) throw new ConflictError('result_not_ready', `The result of dossier '${code}' is not ready yet`);
    const now = deps.now();
    const waitMs = Math.max(throttle.lockedFor(`dossier:${code}`, now), throttle.lockedFor(`client:${client}`, now));
    if (waitMs > 0) {
      const retryAfterSeconds = Math.ceil(waitMs / 1000);
      throw new TooManyRequestsError('result_locked', `Too many wrong tries; try again in ${retryAfterSeconds} s`, { retryAfterSeconds }, waitMs);
    }
    // Both checks always run, so the time taken does not say which one failed.
    const keyMatched = keys.matches(code, key);
    const digitsMatched = timingSafeEqual(Buffer.from(idLast4), Buffer.from(row.applicantId.slice(-4)));
    if (!keyMatched || !digitsMatched) await refuse(row, client, keyMatched);
    throttle.forget(`dossier:${code}`);
    await audited(deps, { action: 'result.downloaded', dossierCode: code, detail: { by: 'citizen', client } });
    return deps.blobs.get(row.resultBlob!);
  };
}

function parseProof(p: ResultProof): { key: string; idLast4: string } {
  if (!p.key || normaliseKey(p.key) === undefined) {
    throw new InvalidInputError('invalid_proof', 'k: the 16-character access key printed on the appointment slip (e.g. 7KQ2-M9XD-4RTB-H0CE) is required');
  }
  if (!p.idLast4 || !/^\d{4}$/.test(p.idLast4)) throw new InvalidInputError('invalid_proof', 'idLast4: the last 4 digits of the CCCD are required');
  return { key: p.key, idLast4: p.idLast4 };
}
