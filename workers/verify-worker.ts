import { loadCrlDir } from '../src/verify/trust';
import { verifyPdf } from '../src/verify/verify-pdf';
import { serialiseVerifyError, type VerifyReply, type VerifyTask } from '../src/verify/worker-protocol';

/**
 * Piscina worker: one verification per task, off the HTTP thread. Trust anchors and CRLs are
 * cached per thread by src/verify/trust.ts. Errors come back as data; a thread that runs out of
 * time or memory is terminated by the pool instead.
 */
export default function run(task: VerifyTask): VerifyReply {
  try {
    const crls = [...loadCrlDir(task.trustDir), ...task.crls];
    return { ok: true, report: verifyPdf(task.bytes, { trustAnchors: task.trustDir, crls, limits: task.limits, ...(task.now ? { now: new Date(task.now) } : {}) }) };
  } catch (e) {
    return serialiseVerifyError(e);
  }
}
