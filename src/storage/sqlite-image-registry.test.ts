import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { breakOnPurpose, rowCount } from '../../test/support/break-on-purpose';
import type { AuditInput } from '../audit/audit-log';
import { openDatabase, type DbHandle } from '../db/client';
import type { ImageRegistry } from '../dossiers/signature-images';
import { createSqliteImageRegistry } from './sqlite-image-registry';

const AT = 1_790_000_000_000;
const seal = (blob: string) => ({ blob, width: 300, height: 300 });
const audit: AuditInput = { action: 'settings.changed', actor: null, detail: { image: 'seal', width: 300, height: 300 } };

/**
 * An uploaded image is recorded with its audit entry or not at all. Each side is broken on
 * purpose by a trigger that aborts its insert, so whichever the registry writes first, writing
 * them outside one transaction would leave the other behind.
 */
describe('the SQLite image registry records an upload with its audit entry', () => {
  let h: DbHandle;
  let registry: ImageRegistry;
  const rows = (table: string) => rowCount(h.sqlite, table);
  beforeEach(() => {
    h = openDatabase(':memory:');
    registry = createSqliteImageRegistry(h.db);
  });
  afterEach(() => h.close());

  it('records both', async () => {
    await registry.record('seal', seal('a'.repeat(64)), AT, audit);
    expect(await registry.blobOf('seal')).toBe('a'.repeat(64));
    expect(rows('audit_log')).toBe(1);
  });

  it('an upload whose audit append fails leaves the image as it was', async () => {
    await registry.record('seal', seal('a'.repeat(64)), AT, audit);
    breakOnPurpose(h.sqlite, 'audit_log', 'INSERT');
    await expect(registry.record('seal', seal('b'.repeat(64)), AT + 1, audit)).rejects.toThrow(/broken on purpose/);
    await expect(registry.record('signature:leader', seal('c'.repeat(64)), AT + 2, audit)).rejects.toThrow(/broken on purpose/);
    expect(await registry.blobOf('seal')).toBe('a'.repeat(64));
    expect(await registry.blobOf('signature:leader')).toBeUndefined();
    expect(rows('audit_log')).toBe(1);
  });

  it('an image that cannot be recorded leaves no audit entry', async () => {
    await registry.record('seal', seal('a'.repeat(64)), AT, audit);
    breakOnPurpose(h.sqlite, 'images', 'INSERT');
    breakOnPurpose(h.sqlite, 'images', 'UPDATE');
    await expect(registry.record('seal', seal('b'.repeat(64)), AT + 1, audit)).rejects.toThrow(/broken on purpose/);
    await expect(registry.record('signature:leader', seal('c'.repeat(64)), AT + 2, audit)).rejects.toThrow(/broken on purpose/);
    expect(await registry.blobOf('seal')).toBe('a'.repeat(64));
    expect(rows('audit_log')).toBe(1);
  });
});
