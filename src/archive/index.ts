/** Public API of archive renewal (PAdES B-LTA): the decision for one PDF and the run over archived results. */
import { pkiRevocationSource, type DevPki } from '../pki';
import type { RenewalSources } from './renewal';

export { renewalDecision, renewArchive, DEFAULT_MARGIN_DAYS, type RenewalDecision, type RenewalPolicy, type RenewalSources } from './renewal';
export { renewArchivedResults, type ArchiveDeps, type RenewOptions, type RenewalOutcome } from './service';

/** The TSA (TAICHO_TSA_URL, else the PKI's own) and the PKI's revocation data; undefined without either. */
export function archiveSources(pki: DevPki | undefined, tsaUrl: string | undefined): RenewalSources | undefined {
  const tsa = tsaUrl ?? pki?.tsa;
  if (!tsa || !pki) return undefined;
  return { tsa, revocation: pkiRevocationSource(pki) };
}
