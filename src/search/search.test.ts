import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client';
import { documents, dossiers, users } from '../db/schema';
import { seedProcedures } from '../db/sqlite/procedures';
import { foldForSearch, ftsQuery } from './fold';
import { indexDocumentPages } from '../db/sqlite/page-index';
import { searchPages } from './sqlite-fts-index';

describe('foldForSearch', () => {
  it('removes Vietnamese diacritics, maps đ to d and keeps the length', () => {
    const s = 'Thủ tục hành chính ĐĂNG KÝ đất đai ƯỚC Ơ';
    expect(foldForSearch(s)).toBe('thu tuc hanh chinh dang ky dat dai uoc o');
    expect([...foldForSearch(s)].length).toBe([...s.normalize('NFC')].length);
    expect(foldForSearch('Hà Nội'.normalize('NFD'))).toBe('ha noi');
  });
  it('builds a prefix query from typed words and refuses an empty one', () => {
    expect(ftsQuery('thủ tục')).toBe('"thu" "tuc"*');
    expect(ftsQuery(' ,.; ')).toBeUndefined();
  });
});

describe('page search', () => {
  it('finds a page by words typed with or without diacritics and shows the original words', () => {
    const { db } = openDatabase(':memory:');
    seedProcedures(db);
    const u = db.insert(users).values({ username: 'r', displayName: 'R', role: 'reception', passwordHash: 'x', createdAt: 0 }).returning().get();
    db.insert(dossiers).values({ code: 'D1', agencyCode: 'A', procedureCode: '1.001193', applicantName: 'A', applicantId: '001085012345', applicantPhone: '0912345678', channel: 'direct', status: 'received', receivedAt: 0, dueAt: 1, receivedBy: u.id }).run();
    db.insert(documents).values({ id: 'doc1', dossierCode: 'D1', name: 'Tờ khai', mime: 'image/png', size: 1, sourceBlob: 'b', citizenId: '001085012345', status: 'done', createdAt: 0 }).run();
    indexDocumentPages(db, 'doc1', ['Trang một', 'Giải quyết thủ tục hành chính về đất đai tại Đà Nẵng']);
    for (const q of ['thu tuc hanh chinh', 'thủ tục hành chính', 'dat dai', 'DA NANG', 'đà nẵng']) {
      const hits = searchPages(db, q);
      expect(hits, q).toHaveLength(1);
      expect(hits[0]).toMatchObject({ code: 'D1', documentId: 'doc1', page: 2 });
    }
    expect(searchPages(db, 'thu tuc')[0].snippet).toContain('«thủ»');
    expect(searchPages(db, 'khai sinh')).toHaveLength(0);
    // Re-indexing replaces, never duplicates.
    indexDocumentPages(db, 'doc1', ['Giải quyết thủ tục hành chính']);
    expect(searchPages(db, 'thu tuc')).toHaveLength(1);
    expect(() => searchPages(db, '  ')).toThrow(/at least one word/);
  });
});
