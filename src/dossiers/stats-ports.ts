import type { StatsWindow } from './stats';

/** A procedure and the agency that received the dossier: the key every count is grouped by. */
export type Pair = { procedureCode: string; agencyCode: string };

/** Per pair: receptions in the window by channel, and dossiers open and overdue as of `asOf`. */
export type ReceptionCounts = Pair & { received: number; direct: number; online: number; post: number; open: number; overdue: number };

/** Per pair: documents created in the window, how many are digitised, how many reuse an earlier one. */
export type DocumentCounts = Pair & { total: number; digitised: number; reused: number };

/** One dossier resolved in the window: what its timeliness and working days are computed from. */
export type ResolvedDossier = Pair & {
  status: string;
  receivedAt: number;
  resolvedAt: number;
  dueAt: number;
  supplementCount: number;
  hasResult: boolean;
  /** It carries an electronic signature. */
  signed: boolean;
};

/**
 * What the statistics read from storage. The counting stays in the database (GROUP BY, never
 * every dossier in memory); only the dossiers resolved in the window come back one by one, as
 * their working days need the calendar, which is the domain's (stats.ts). Every dossier counted
 * was received before `window.to`. The four reads are asked at once; SQLite answers them in one
 * go, a server database's adapter would run them in one read-only (repeatable-read) transaction
 * so the figures agree with each other.
 */
export interface StatsReader {
  receptions(window: StatsWindow, asOf: number): Promise<ReceptionCounts[]>;
  resolved(window: StatsWindow): Promise<ResolvedDossier[]>;
  documents(window: StatsWindow): Promise<DocumentCounts[]>;
  /** When each dossier received or resolved in the window was received and resolved, for the chart. */
  times(window: StatsWindow): Promise<{ receivedAt: number; resolvedAt: number | null }[]>;
}
