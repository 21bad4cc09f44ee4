import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../context';
import { clientAddress, pdfResponse } from '../context';

/** No login: what a citizen with the slip's code may see. Never ID, phone or address. */
export const publicApi = new Hono<AppEnv>()
  .get('/public/dossiers/:code', (c) => c.json(c.var.services.dossiers.publicGet(c.req.param('code'))))
  // The domain checks the proof and throttles failures; the route only passes them on.
  .get('/public/dossiers/:code/result', async (c) => {
    const code = c.req.param('code');
    const proof = { key: c.req.query('k'), idLast4: c.req.query('idLast4') };
    return pdfResponse(await c.var.services.dossiers.publicResult(code, proof, clientAddress(c)), `ket-qua-${code}.pdf`, false);
  });

const fmt = (ms: number) =>
  new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'full', timeStyle: 'short' }).format(new Date(ms));

export const lookupPage = new Hono<AppEnv>().get('/lookup/:code', (c) => {
  const code = c.req.param('code');
  let view;
  try {
    view = c.var.services.dossiers.publicGet(code);
  } catch {
    c.status(404);
    return c.html(page('Không tìm thấy hồ sơ', html`<p>Không có hồ sơ mã <b>${code}</b>. Vui lòng kiểm tra lại mã trên giấy hẹn.</p>`));
  }
  return c.html(
    page(
      `Hồ sơ ${view.code}`,
      html`<dl>
        <dt>Mã hồ sơ</dt><dd>${view.code}</dd>
        <dt>Thủ tục</dt><dd>${view.procedure}</dd>
        <dt>Trạng thái</dt><dd class="status">${view.statusLabel}</dd>
        <dt>Ngày tiếp nhận</dt><dd>${fmt(view.receivedAt)}</dd>
        <dt>Ngày hẹn trả kết quả</dt><dd>${fmt(view.appointmentAt)}</dd>
      </dl>`,
    ),
  );
});

/** The page's styles, served from here: the CSP allows no inline style. */
const LOOKUP_CSS = `body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
h1 { font-size: 1.3rem; } dt { font-weight: 600; margin-top: .8rem; } dd { margin: .2rem 0 0 0; }
.status { color: #0b5394; font-weight: 600; }
`;
lookupPage.get('/lookup.css', (c) => c.body(LOOKUP_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }));

function page(title: string, body: unknown) {
  return html`<!doctype html>
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <link rel="stylesheet" href="/lookup.css" />
      </head>
      <body>
        <h1>Tra cứu tình trạng hồ sơ</h1>
        ${body}
      </body>
    </html>`;
}
