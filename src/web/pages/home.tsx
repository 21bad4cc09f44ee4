import { Hono } from 'hono';
import { z } from 'zod';
import { STATUS_TAGS } from '../format';
import { page } from '../render';
import { requireUser, type WebEnv } from '../session';
import { CaseQueue } from './case-parts';

const query = z.object({
  status: z.string().max(40).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
const PAGE_SIZE = 25;

/** Home page: the signed-in user's work list (việc của tôi), oldest due first, overdue marked. */
export const homePages = new Hono<WebEnv>().get('/', requireUser, async (c) => {
  const q = query.parse(c.req.query());
  const status = q.status || undefined;
  const list = await c.var.services.dossiers.workList(c.var.user, { status, page: q.page, pageSize: PAGE_SIZE });
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
        <CaseQueue items={list.items} caption={`${list.total} hồ sơ đang chờ, hạn sớm nhất trước`} linkTo={(code) => `/dossiers/${encodeURIComponent(code)}`} status />
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
