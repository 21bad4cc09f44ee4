import { Hono } from 'hono';
import { z } from 'zod';
import type { Status } from '../../dossiers/state-machine';
import { Day, OverdueTag, StatusTag } from '../components';
import { STATUS_TAGS } from '../format';
import { page } from '../render';
import { requireUser, type WebEnv } from '../session';

const query = z.object({
  status: z.string().max(40).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
const PAGE_SIZE = 25;

/** Home page: the signed-in user's work list (việc của tôi), oldest due first, overdue marked. */
export const homePages = new Hono<WebEnv>().get('/', requireUser, (c) => {
  const q = query.parse(c.req.query());
  const status = q.status || undefined;
  const list = c.var.services.dossiers.workList(c.var.user, { status, page: q.page, pageSize: PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
  const link = (p: number) => `/?${new URLSearchParams({ ...(status ? { status } : {}), page: String(p) })}`;
  return page(c, { title: 'Việc của tôi' }, (
    <>
      <h1>Việc của tôi</h1>
      {c.var.user.role === 'reception' ? (
        <p>
          <a class="button" href="/reception/new">Tiếp nhận hồ sơ mới</a>
        </p>
      ) : null}
      <form method="get" action="/" class="filters">
        <div class="field">
          <label for="status">Trạng thái</label>
          <select id="status" name="status">
            <option value="">Tất cả ({list.queue.map((s) => STATUS_TAGS[s].text.toLowerCase()).join(', ')})</option>
            {list.queue.map((s) => (
              <option value={s} selected={s === status}>
                {STATUS_TAGS[s].text}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button--secondary">
          Lọc
        </button>
      </form>
      {list.items.length === 0 ? (
        <p class="lead">Không có hồ sơ nào đang chờ bạn.</p>
      ) : (
        <table class="table table--stack">
          <caption>
            {list.total} hồ sơ đang chờ, hạn sớm nhất trước
          </caption>
          <thead>
            <tr>
              <th scope="col">Mã hồ sơ</th>
              <th scope="col">Thủ tục</th>
              <th scope="col">Người nộp</th>
              <th scope="col">Trạng thái</th>
              <th scope="col">Hạn trả kết quả</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((d) => (
              <tr class={d.overdue ? 'is-overdue' : undefined}>
                <td data-label="Mã hồ sơ">
                  <a href={`/dossiers/${encodeURIComponent(d.code)}`} class="code">
                    {d.code}
                  </a>
                </td>
                <td data-label="Thủ tục">{d.procedureName}</td>
                <td data-label="Người nộp">{d.applicantName}</td>
                <td data-label="Trạng thái">
                  <StatusTag status={d.status as Status} />
                </td>
                <td data-label="Hạn trả kết quả">
                  <Day ms={d.dueAt} /> {d.overdue ? <OverdueTag /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 ? (
        <nav class="pagination" aria-label="Phân trang">
          {q.page > 1 ? <a href={link(q.page - 1)}>‹ Trang trước</a> : null}
          <span>
            Trang {q.page}/{pages}
          </span>
          {q.page < pages ? <a href={link(q.page + 1)}>Trang sau ›</a> : null}
        </nav>
      ) : null}
    </>
  ));
});
