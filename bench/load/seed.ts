/**
 * Seeds a bench instance's database with a realistic history: dossiers spread over the last
 * months in every status, each with its hand-offs and one digitised document with a page of
 * text, through direct inserts (the API would take minutes, and what is measured is reading
 * them). Codes use days before today, so receptions during the bench never collide.
 */
import Database from 'better-sqlite3';
import { foldForSearch } from '../../src/search/fold';

const STEPS: Array<[string, string | null, string]> = [
  ['receive', null, 'received'],
  ['accept', 'received', 'appraised'],
  ['approve', 'appraised', 'approved'],
  ['seal', 'approved', 'sealed'],
  ['return', 'sealed', 'returned'],
];
const NAMES = ['Nguyễn Thị Ánh Tuyết', 'Trần Văn Bình', 'Lê Hoàng Phúc', 'Phạm Thu Hà', 'Võ Minh Đức', 'Đặng Quốc Việt', 'Bùi Thị Lan'];
const TEXT = 'Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc. Đơn đề nghị cấp bản sao trích lục hộ tịch, thủ tục hành chính tại bộ phận một cửa.';
const DAY = 86_400_000;

/** The seeded applicant's CCCD number, also printed on their page (what a text search finds). */
export const citizenId = (i: number) => `0010850${String(i).padStart(5, '0')}`;

export interface Seeded {
  codes: string[];
  /** How many seeded dossiers are in each status (the work lists' sizes). */
  byStatus: Record<string, number>;
}

export function seedDossiers(file: string, count: number, agencyCode: string, now = Date.now()): Seeded {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  const procedures = db.prepare('SELECT code FROM procedures ORDER BY code').pluck().all() as string[];
  const receptionist = db.prepare("SELECT id FROM users WHERE role = 'reception'").pluck().get() as number;
  const insertDossier = db.prepare(
    `INSERT INTO dossiers (code, agency_code, procedure_code, applicant_name, applicant_id, applicant_phone, channel, status,
       received_at, due_at, resolved_at, returned_at, received_by, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertStep = db.prepare('INSERT INTO transitions (dossier_code, from_status, to_status, action, actor_id, actor_role, at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertDoc = db.prepare(
    `INSERT INTO documents (id, dossier_code, name, kind, copies, mime, size, source_blob, citizen_id, status, pages_done, page_count, pdf_blob, created_at)
     VALUES (?, ?, 'Đơn đề nghị', 'original', 1, 'image/png', 2048, 'seed-source', ?, 'done', 1, 1, 'seed-pdf', ?)`,
  );
  const insertPage = db.prepare('INSERT INTO page_texts (document_id, page, text) VALUES (?, 1, ?)');
  const insertFolded = db.prepare('INSERT INTO page_search (folded, document_id, page) VALUES (?, ?, 1)');
  const sequence = db.prepare('INSERT INTO dossier_sequences (agency_code, day, last) VALUES (?, ?, ?) ON CONFLICT (agency_code, day) DO UPDATE SET last = excluded.last');
  const codes: string[] = [];
  const byStatus: Record<string, number> = {};
  const perDay = 60;
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const daysAgo = 1 + Math.floor(i / perDay);
      const receivedAt = now - daysAgo * DAY + (i % perDay) * 60_000;
      const day = new Date(receivedAt + 7 * 3600_000).toISOString().slice(2, 10).replaceAll('-', '');
      const code = `${agencyCode}-${day}-${String((i % perDay) + 1).padStart(4, '0')}`;
      // Older dossiers are further along: most of the last weeks' still wait for someone.
      const stage = Math.min(STEPS.length - 1, Math.floor((daysAgo * (i % 7)) / 20));
      const status = STEPS[stage]![2];
      const dueAt = receivedAt + 5 * DAY;
      const resolvedAt = stage >= 2 ? receivedAt + 2 * DAY : null;
      insertDossier.run(code, agencyCode, procedures[i % procedures.length], NAMES[i % NAMES.length], citizenId(i), '0912345678', 'direct', status, receivedAt, dueAt, resolvedAt, stage === 4 ? receivedAt + 3 * DAY : null, receptionist, stage);
      for (let s = 0; s <= stage; s++) {
        const [action, from, to] = STEPS[s]!;
        insertStep.run(code, from, to, action, receptionist, 'reception', receivedAt + s * 3600_000, dueAt);
      }
      const docId = `seed-${i}`;
      insertDoc.run(docId, code, citizenId(i), receivedAt);
      const text = `${TEXT} Hồ sơ số ${code}, người nộp ${NAMES[i % NAMES.length]}, CCCD số ${citizenId(i)}.`;
      insertPage.run(docId, text);
      insertFolded.run(foldForSearch(text), docId);
      sequence.run(agencyCode, day, (i % perDay) + 1);
      codes.push(code);
      byStatus[status] = (byStatus[status] ?? 0) + 1;
    }
  })();
  db.close();
  return { codes, byStatus };
}

/**
 * `count` more specialists (bench-001 …) with the demo password: 200 people signing in at once
 * are 200 accounts, and one account's parallel tries are throttled on purpose. The hash is the
 * demo specialist's (same password), copied rather than computed 200 times.
 */
export function seedUsers(file: string, count: number): string[] {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  const hash = db.prepare("SELECT password_hash FROM users WHERE username = 'specialist'").pluck().get() as string;
  const insert = db.prepare("INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES (?, ?, 'specialist', ?, ?)");
  const names = Array.from({ length: count }, (_, i) => `bench-${String(i + 1).padStart(3, '0')}`);
  db.transaction(() => names.forEach((n) => insert.run(n, `Chuyên viên ${n}`, hash, Date.now())))();
  db.close();
  return names;
}
