import { Hono } from 'hono';
import type { Role } from '../../auth/roles';
import type { Status } from '../../dossiers/state-machine';
import { Day, OverdueTag, StatusTag } from '../components';
import { page } from '../render';
import { requireRole, type WebEnv } from '../session';

/** Roles that handle papers: the ones the API lets search their text (routes/live.ts). */
const FINDERS: Role[] = ['reception', 'specialist', 'leader', 'clerk'];

/**
 * Tra cứu hồ sơ: by code (or a part of it), by applicant name, and through the text of the
 * digitised papers (full-text search, with or without tone marks).
 */
export const findPages = new Hono<WebEnv>().get('/dossiers/find', requireRole(...FINDERS), async (c) => {
  const q = (c.req.query('q') ?? '').normalize('NFC').trim().slice(0, 200);
  const found = q ? await c.var.services.dossiers.find(c.var.user, q) : [];
  const hits = q ? (await c.var.services.search.pages(c.var.user, q, 20)).hits : [];
  return page(c, { title: q ? `Tra cứu: ${q}` : 'Tra cứu hồ sơ' }, (
    <>
      <h1>Tra cứu hồ sơ</h1>
      <form method="get" action="/dossiers/find" class="filters" role="search">
        <div class="field">
          <label for="q">Mã hồ sơ, tên người nộp hoặc nội dung giấy tờ</label>
          <input type="search" id="q" name="q" value={q} autocomplete="off" />
        </div>
        <button type="submit" class="button">Tìm</button>
      </form>
      {q ? (
        <>
          <h2>Hồ sơ khớp mã hoặc tên người nộp ({found.length})</h2>
          {found.length ? (
            <table class="table table--stack">
              <thead>
                <tr>
                  <th scope="col">Mã hồ sơ</th>
                  <th scope="col">Người nộp</th>
                  <th scope="col">Thủ tục</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col">Hạn trả kết quả</th>
                </tr>
              </thead>
              <tbody>
                {found.map((d) => (
                  <tr>
                    <td data-label="Mã hồ sơ"><a class="code" href={`/dossiers/${encodeURIComponent(d.code)}`}>{d.code}</a></td>
                    <td data-label="Người nộp">{d.applicantName}</td>
                    <td data-label="Thủ tục">{d.procedureName}</td>
                    <td data-label="Trạng thái"><StatusTag status={d.status as Status} /></td>
                    <td data-label="Hạn trả kết quả"><Day ms={d.dueAt} /> {d.overdue ? <OverdueTag /> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>Không có hồ sơ nào.</p>
          )}
          <h2>Giấy tờ có nội dung khớp ({hits.length})</h2>
          {hits.length ? (
            <ul class="checklist">
              {hits.map((h) => (
                <li>
                  <a class="code" href={`/dossiers/${encodeURIComponent(h.code)}`}>{h.code}</a> – {h.documentName}, trang {h.page}
                  <span class="hint">… {h.snippet} …</span>
                </li>
              ))}
            </ul>
          ) : (
            <p>Không có giấy tờ nào chứa nội dung này.</p>
          )}
        </>
      ) : null}
    </>
  ));
});
