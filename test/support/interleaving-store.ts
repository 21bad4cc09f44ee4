import type { StoredAuditEntry } from '../../src/audit/ports';
import type { DocumentRecord, DossierRecord, NewSignature, NewTransition } from '../../src/dossiers/records';
import { DuplicateKeyError, type DossierReads, type DossierTx, type SigningSession, type UnitOfWork } from '../../src/dossiers/store';
import type { Queue } from '../../src/jobs/ports';
import { interleavingQueue, type StoredJob } from './interleaving-queue';

/**
 * A unit of work in memory whose transactions really run at the same time: every statement
 * first yields to the event loop, so two operations started together interleave statement by
 * statement. It keeps the guarantees a server database gives and no more: reads see committed
 * data (and the transaction's own writes); the locks the ports promise (a dossier row, a day's
 * sequence, the audit chain's head, a year's copy numbers) are held until commit or rollback;
 * unique keys are checked; a commit applies all writes at once; its job queue claims as
 * PostgreSQL's `FOR UPDATE SKIP LOCKED` does (interleaving-queue.ts). What the domain gets
 * right here it does not owe to SQLite being synchronous.
 */
export interface Committed {
  dossiers: Map<string, DossierRecord>;
  documents: Map<string, DocumentRecord>;
  transitions: NewTransition[];
  signatures: NewSignature[];
  audit: StoredAuditEntry[];
  jobs: StoredJob[];
  /** Recognised page texts by document, page 1 first. */
  pages: Map<string, string[]>;
  sequences: Map<string, number>;
  signingSessions: Map<string, SigningSession>;
}

export interface InterleavingStore extends UnitOfWork {
  committed: Committed;
  /** The job queue on the same data; each claim is a transaction of its own. */
  queue: Queue;
  /** Called after each commit, for each job it committed (what the runner is told). */
  onJob(listener: (kind: string) => void): void;
  /** Makes the next call of `method` (e.g. 'transitions.insert') throw inside its transaction. */
  failNext(method: string): void;
  /** Statements run so far, by transaction (reads outside one not counted): tests check that transactions did interleave. */
  trace: number[];
  /** The next `n` transactions wait for one another before their first statement, so they surely overlap. */
  startTogether(n: number): void;
  /** The next transaction waits, before its first statement, until the returned function is called. */
  holdNext(): () => void;
}

/** True when one transaction ran a statement, another ran one, and the first ran again. */
export function interleaved(trace: readonly number[]): boolean {
  return trace.some((t, i) => trace.slice(0, i).some((u, j) => u === t && trace.slice(j + 1, i).some((v) => v !== t)));
}

type Pending = Committed & { deletedSessions: Set<string>; jobUpdates: Map<number, Partial<StoredJob>> };
const empty = (): Committed => ({ dossiers: new Map(), documents: new Map(), transitions: [], signatures: [], audit: [], jobs: [], pages: new Map(), sequences: new Map(), signingSessions: new Map() });

const tick = () => new Promise<void>((r) => setImmediate(r));

export function interleavingStore(now: () => number = () => 0): InterleavingStore {
  const committed: Committed = empty();
  const owners = new Map<string, number>(); // lock key → transaction id
  const waiters: (() => void)[] = [];
  const listeners: ((kind: string) => void)[] = [];
  const failures = new Set<string>();
  const trace: number[] = [];
  let nextTx = 1;
  let barrier: { left: number; open: Promise<void>; release(): void } | undefined;
  let held: Promise<void> | undefined;
  let nextJob = 1;

  async function lock(txId: number, key: string) {
    while (owners.has(key) && owners.get(key) !== txId) await new Promise<void>((r) => waiters.push(r));
    owners.set(key, txId);
  }
  /** Takes `key` unless another transaction holds it (SKIP LOCKED): false then, without waiting. */
  function tryLock(txId: number, key: string): boolean {
    if (owners.has(key) && owners.get(key) !== txId) return false;
    owners.set(key, txId);
    return true;
  }
  function release(txId: number) {
    for (const [k, owner] of owners) if (owner === txId) owners.delete(k);
    waiters.splice(0).forEach((wake) => wake());
  }

  function reads(txId: number, pending?: Pending): DossierReads & { step(method: string): Promise<void> } {
    const step = async (method: string) => {
      await tick();
      if (pending) trace.push(txId);
      if (failures.delete(method)) throw new Error(`failure injected into ${method}`);
    };
    const dossier = (code: string) => pending?.dossiers.get(code) ?? committed.dossiers.get(code);
    const allSignatures = () => [...committed.signatures, ...(pending?.signatures ?? [])];
    return {
      step,
      dossiers: { get: async (code) => (await step('dossiers.get'), dossier(code) && { ...dossier(code)! }) },
      documents: {
        get: async (code, id) => {
          await step('documents.get');
          const d = pending?.documents.get(id) ?? committed.documents.get(id);
          return d && d.dossierCode === code ? { ...d } : undefined;
        },
        digitisedOf: async (citizenId, ids) => (await step('documents.digitisedOf'), [...committed.documents.values()].filter((d) => ids.includes(d.id) && d.citizenId === citizenId && d.status === 'done')),
        allDigitisedOf: async (citizenId) => (await step('documents.allDigitisedOf'), [...committed.documents.values()].filter((d) => d.citizenId === citizenId && d.status === 'done').reverse()),
        find: async (id) => {
          await step('documents.find');
          const d = pending?.documents.get(id) ?? committed.documents.get(id);
          return d && { ...d };
        },
        pages: async (id) => (await step('documents.pages'), (pending?.pages.get(id) ?? committed.pages.get(id) ?? []).map((text, i) => ({ page: i + 1, text }))),
        of: async (code) => (await step('documents.of'), [...committed.documents.values(), ...(pending?.documents.values() ?? [])].filter((d) => d.dossierCode === code)),
      },
      signatures: {
        async lastCopySeq(year) {
          await step('signatures.lastCopySeq');
          if (pending) await lock(txId, `copy:${year}`);
          return Math.max(0, ...allSignatures().filter((s) => s.copyYear === year).map((s) => s.copySeq ?? 0));
        },
        latestCopyOf: async (code, documentId) => (await step('signatures.latestCopyOf'), allSignatures().findLast((s) => s.dossierCode === code && s.documentId === documentId && s.purpose === 'certified_copy')?.outputBlob),
      },
      transitions: {
        of: async (code) =>
          (await step('transitions.of'), [...committed.transitions, ...(pending?.transitions ?? [])].filter((t) => t.dossierCode === code).map((t) => ({ ...t, dueAt: t.dueAt ?? null, data: t.data ?? null, actor: null }))),
      },
      staff: { firstLeader: async () => (await step('staff.firstLeader'), { displayName: 'Phạm Văn Lãnh', title: null }) },
      signingSessions: {
        async findOpen(id, code, purpose, now) {
          await step('signingSessions.findOpen');
          const found = pending?.signingSessions.get(id) ?? committed.signingSessions.get(id);
          return found && found.dossierCode === code && found.purpose === purpose && found.expiresAt > now ? found : undefined;
        },
      },
    };
  }

  function transaction(txId: number, pending: Pending, hooks: (() => void)[]): DossierTx {
    const r = reads(txId, pending);
    const { step } = r;
    const current = (code: string) => pending.dossiers.get(code) ?? committed.dossiers.get(code);
    return {
      ...r,
      dossiers: {
        ...r.dossiers,
        async insert(row) {
          await step('dossiers.insert');
          await lock(txId, `dossier:${row.code}`);
          if (current(row.code)) throw new DuplicateKeyError(`dossier ${row.code}`);
          pending.dossiers.set(row.code, { clockPausedAt: null, supplementCount: 0, resolvedAt: null, returnedAt: null, rating: null, resultBlob: null, version: 0, ...row });
        },
        async update(code, version, patch) {
          await step('dossiers.update');
          await lock(txId, `dossier:${code}`); // then read again, as a server database re-reads a row it waited for
          const row = current(code);
          if (!row || row.version !== version) return undefined;
          const updated = { ...row, ...patch, version: version + 1 };
          pending.dossiers.set(code, updated);
          return { ...updated };
        },
        async nextNumber(agencyCode, day) {
          await step('dossiers.nextNumber');
          const key = `day:${agencyCode}:${day}`;
          await lock(txId, key);
          const n = (pending.sequences.get(key) ?? committed.sequences.get(key) ?? 0) + 1;
          pending.sequences.set(key, n);
          return n;
        },
      },
      documents: {
        ...r.documents,
        async insert(row) {
          await step('documents.insert');
          if (current(row.dossierCode) === undefined) throw new Error(`foreign key: no dossier ${row.dossierCode}`);
          pending.documents.set(row.id, { reusedFrom: null, pagesDone: 0, pageCount: null, pdfBlob: null, error: null, ...row });
        },
        async update(id, patch) {
          await step('documents.update');
          await lock(txId, `document:${id}`);
          const row = pending.documents.get(id) ?? committed.documents.get(id);
          if (!row) return undefined;
          const updated = { ...row, ...patch };
          pending.documents.set(id, updated);
          return { ...updated };
        },
      },
      pages: {
        async replace(documentId, pages) {
          await step('pages.replace');
          await lock(txId, `pages:${documentId}`);
          pending.pages.set(documentId, pages.map((p) => p.normalize('NFC')));
        },
      },
      transitions: { ...r.transitions, insert: async (row) => (await step('transitions.insert'), void pending.transitions.push(row)) },
      signingSessions: {
        ...r.signingSessions,
        insert: async (session) => (await step('signingSessions.insert'), void pending.signingSessions.set(session.id, session)),
        delete: async (id) => (await step('signingSessions.delete'), void pending.deletedSessions.add(id)),
      },
      signatures: {
        ...r.signatures,
        async insert(row) {
          await step('signatures.insert');
          const taken = (s: NewSignature) => row.copyYear !== undefined && s.copyYear === row.copyYear && s.copySeq === row.copySeq;
          if ([...committed.signatures, ...pending.signatures].some(taken)) throw new DuplicateKeyError(`copy ${row.copySeq}/${row.copyYear}`);
          pending.signatures.push(row);
        },
      },
      audit: {
        async lockHead() {
          await step('audit.lockHead');
          await lock(txId, 'audit:head');
          const last = pending.audit.at(-1) ?? committed.audit.at(-1);
          return last && { seq: last.seq, hash: last.hash };
        },
        async insert(entry) {
          await step('audit.insert');
          if (committed.audit.some((e) => e.seq === entry.seq)) throw new DuplicateKeyError(`audit seq ${entry.seq}`);
          pending.audit.push(entry);
        },
      },
      jobs: {
        async enqueue(kind, payload) {
          await step('jobs.enqueue');
          const id = nextJob++;
          pending.jobs.push({ id, kind, payload, status: 'queued', attempts: 0, runAfter: now(), error: null });
          hooks.push(() => listeners.forEach((l) => l(kind)));
          return id;
        },
        async complete(id) {
          await step('jobs.complete');
          await lock(txId, `job:${id}`);
          pending.jobUpdates.set(id, { status: 'done', error: null });
        },
        async fail(id, error, retryInMs) {
          await step('jobs.fail');
          await lock(txId, `job:${id}`);
          pending.jobUpdates.set(id, retryInMs === undefined ? { status: 'failed', error } : { status: 'queued', runAfter: now() + retryInMs, error });
        },
      },
      afterCommit: (fn) => void hooks.push(fn),
    };
  }

  function commit(p: Pending) {
    for (const [k, v] of p.signingSessions) committed.signingSessions.set(k, v);
    for (const id of p.deletedSessions) committed.signingSessions.delete(id);
    for (const [k, v] of p.dossiers) committed.dossiers.set(k, v);
    for (const [k, v] of p.documents) committed.documents.set(k, v);
    for (const [k, v] of p.sequences) committed.sequences.set(k, v);
    committed.transitions.push(...p.transitions);
    committed.signatures.push(...p.signatures);
    committed.audit.push(...p.audit);
    committed.jobs.push(...p.jobs);
    for (const [id, patch] of p.jobUpdates) Object.assign(committed.jobs.find((j) => j.id === id)!, patch);
    for (const [k, v] of p.pages) committed.pages.set(k, v);
  }

  const queue = interleavingQueue({ jobs: committed.jobs, listeners, now, trace, newTx: () => nextTx++, tryLock, release });

  return {
    committed,
    queue,
    trace,
    onJob: (l) => void listeners.push(l),
    holdNext() {
      let release!: () => void;
      held = new Promise<void>((r) => (release = r));
      return release;
    },
    startTogether(n) {
      let release!: () => void;
      const open = new Promise<void>((r) => (release = r));
      barrier = { left: n, open, release };
    },
    failNext: (method) => void failures.add(method),
    async run(work) {
      const txId = nextTx++;
      const pending: Pending = { ...empty(), deletedSessions: new Set(), jobUpdates: new Map() };
      const hooks: (() => void)[] = [];
      const gate = barrier;
      if (gate && --gate.left <= 0) ((barrier = undefined), gate.release());
      if (gate) await gate.open;
      const hold = held;
      held = undefined;
      if (hold) await hold;
      try {
        const result = await work(transaction(txId, pending, hooks));
        commit(pending);
        release(txId);
        hooks.forEach((h) => h());
        return result;
      } catch (e) {
        release(txId);
        throw e;
      }
    },
    read: (work) => work(reads(nextTx++)),
  };
}
