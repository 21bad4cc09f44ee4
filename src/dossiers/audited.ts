import { appendEntry, type AuditEntry, type AuditInput } from '../audit/audit-log';
import type { DossierDeps } from './ports';

/** An audit entry that is itself the change (a read of personal data, a download, a refused proof): its own transaction. */
export function audited(deps: Pick<DossierDeps, 'uow' | 'now'>, input: AuditInput): Promise<AuditEntry> {
  return deps.uow.run((tx) => appendEntry(tx.audit, input, deps.now()));
}
