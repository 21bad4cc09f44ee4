import { Hono } from 'hono';
import { z } from 'zod';
import type { Role } from '../../auth/roles';
import { STATUS_TAGS } from '../format';
import { pageAround } from '../render';
import { requireUser, type WebEnv } from '../session';
import { CaseQueue } from './case-parts';

const query = z.object({
  status: z.string().max(40).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
const PAGE_SIZE = 25;

/**
 * Home page: the signed-in user's work list (việc của tôi), oldest due first, overdue marked.
 * The list is rendered once per role, filter and page and kept (src/http/answer-cache.ts);
 * the frame around it (the user's name, the sign-out form's CSRF token) is that session's own
 * (`pageAround`).
 */
export const homePages = new Hono<WebEnv>().get('/', requireUser, async (c) => {
  const q = query.parse(c.req.query());
  const status = q.status || undefined;
  const key = `home:${c.var.user.role}:${status ?? ''}:${q.page}`;
  const list = await c.var.answers.get(key, async () => {
    const { list, holdsUntil } = await c.var.services.dossiers.workListHolding(c.var.user, { status, page: q.page, pageSize: PAGE_SIZE });
    return { text: String(<WorkList role={c.var.user.role} list={list} status={status} page={q.page} />), validUntil: holdsUntil };
  });
  return pageAround(c, { title: 'Việc của tôi' }, list.text);
});

type WorkListAnswer = Awaited<ReturnType<WebEnv['Variables']['services']['dossiers']['workList']>>;

function WorkList({ role, list, status, page: current }: { role: Role; list: WorkListAnswer; status: string | undefined; page: number }) {
  const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
  const link = (p: number) => `/?${new URLSearchParams({ ...(status ? { status } : {}), page: String(p) })}`;
  return (
    <>
      <h1>Việc của tôi</h1>
      {role === 'reception' ? (
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
          {current > 1 ? <a href={link(current - 1)}>‹ Trang trước</a> : null}
          <span>
            Trang {current}/{pages}
          </span>
          {current < pages ? <a href={link(current + 1)}>Trang sau ›</a> : null}
        </nav>
      ) : null}
    </>
  );
}
