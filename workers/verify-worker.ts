import { trustFolder } from '../src/verify/node/trust-folder';
import { verifyPdf } from '../src/verify/node/verify-pdf';
import { serialiseVerifyError, type VerifyReply, type VerifyTask } from '../src/verify/worker-protocol';

/**
 * Piscina worker: one verification per task, off the HTTP thread. The trust folder is read
 * through the verifier's Node adapter, once per thread and again when it changes. Errors come
 * back as data; a thread that runs out of time or memory is terminated by the pool instead.
 */
export default async function run(task: VerifyTask): Promise<VerifyReply> {
  try {
    const trust = trustFolder(task.trustDir);
    const crls = [...trust.crls, ...task.crls];
    return { ok: true, report: await verifyPdf(task.bytes, { anchors: trust.anchors, crls, limits: task.limits, ...(task.now ? { now: new Date(task.now) } : {}) }) };
  } catch (e) {
    return serialiseVerifyError(e);
  }
}
