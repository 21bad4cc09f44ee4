import { Hono, type Context } from 'hono';
import { isTaichoError } from '../../shared/errors';
import { CsrfInput, ErrorSummary, Notice, type FieldError } from '../components';
import { csrfFor } from '../csrf';
import { page } from '../render';
import { requireRole, type WebEnv } from '../session';
import { readForm } from '../form';

/**
 * Ảnh chữ ký và con dấu: the images signing draws now (uploaded, or the generated default) and
 * a PNG upload for each, through the same image service as the API (PNG with transparency).
 */
const REFUSALS: Record<string, string> = {
  png_with_transparency_required: 'Tải lên ảnh PNG có nền trong suốt',
  not_an_image: 'Tệp không phải là ảnh đọc được',
  image_too_large: 'Ảnh quá lớn (tối đa 2 MB)',
  unknown_user: 'Không có người dùng này',
};

interface Slot {
  /** Field id and form action suffix. */
  id: string;
  heading: string;
  img: string;
  action: string;
  uploaded: boolean;
}

function ImageCard({ c, slot, error }: { c: Context<WebEnv>; slot: Slot; error?: string }) {
  const input = `image-${slot.id}`;
  return (
    <section class="image-card" aria-labelledby={`${input}-heading`}>
      <div>
        <h3 id={`${input}-heading`}>{slot.heading}</h3>
        <img src={slot.img} alt={`${slot.heading} đang dùng`} />
        <p class="hint">{slot.uploaded ? 'Ảnh đã tải lên' : 'Ảnh mặc định do hệ thống vẽ'}</p>
      </div>
      <form method="post" action={slot.action} enctype="multipart/form-data">
        <CsrfInput token={csrfFor(c)} />
        <div class={error ? 'field field--error' : 'field'}>
          <label for={input}>Ảnh mới: {slot.heading} (PNG nền trong suốt)</label>
          {error ? (
            <span class="error-message" id={`${input}-error`}>
              <span class="visually-hidden">Lỗi: </span>
              {error}
            </span>
          ) : null}
          <input type="file" id={input} name="image" accept="image/png" required aria-describedby={error ? `${input}-error` : undefined} />
        </div>
        <button type="submit" class="button button--secondary">
          Tải ảnh lên
        </button>
      </form>
    </section>
  );
}

async function imagesPage(c: Context<WebEnv>, opts: { errors?: FieldError[]; done?: string; status?: 200 | 400 } = {}) {
  const svc = c.var.services;
  const leaders = (await svc.users.list()).filter((u) => u.role === 'leader');
  const slots: Slot[] = [
    { id: 'seal', heading: 'Con dấu của cơ quan', img: '/admin/images/seal.png', action: '/admin/images/seal', uploaded: (await svc.images.current('seal')).uploaded },
  ];
  for (const u of leaders) {
    const name = encodeURIComponent(u.username);
    slots.push({ id: `sig-${u.username}`, heading: `Chữ ký của ${u.displayName}`, img: `/admin/images/signatures/${name}.png`, action: `/admin/images/signatures/${name}`, uploaded: (await svc.images.current('signature', u.username)).uploaded });
  }
  const errors = opts.errors ?? [];
  return page(c, { title: 'Ảnh chữ ký và con dấu', status: opts.status }, (
    <>
      <h1>Ảnh chữ ký và con dấu</h1>
      <ErrorSummary errors={errors} />
      {opts.done ? <Notice tone="ok">{opts.done}</Notice> : null}
      <p>Các ảnh này được vẽ trong ô chữ ký của văn bản kết quả: chữ ký của lãnh đạo khi phê duyệt, con dấu khi văn thư đóng dấu.</p>
      {slots.map((s) => (
        <ImageCard c={c} slot={s} error={errors.find((e) => e.field === `image-${s.id}`)?.message} />
      ))}
    </>
  ));
}

/** Stores an uploaded image, or re-renders the page with the refusal beside its field. */
async function upload(c: Context<WebEnv>, kind: 'signature' | 'seal', username?: string) {
  const file = (await readForm(c)).get('image');
  const field = `image-${kind === 'seal' ? 'seal' : `sig-${username}`}`;
  if (!file || typeof file === 'string' || file.size === 0) return imagesPage(c, { errors: [{ field, message: 'Chọn một ảnh PNG' }], status: 400 });
  try {
    await c.var.services.images.set(c.var.user, kind, new Uint8Array(await file.arrayBuffer()), username);
  } catch (e) {
    const message = isTaichoError(e) ? REFUSALS[e.code] : undefined;
    if (!message) throw e;
    return imagesPage(c, { errors: [{ field, message }], status: 400 });
  }
  return imagesPage(c, { done: kind === 'seal' ? 'Đã cập nhật ảnh con dấu.' : `Đã cập nhật ảnh chữ ký của ${username}.` });
}

async function png(c: Context<WebEnv>, kind: 'signature' | 'seal', username?: string) {
  const { png: bytes } = await c.var.services.images.current(kind, username);
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
}

export const adminImagePages = new Hono<WebEnv>()
  .get('/admin/images', requireRole('admin'), (c) => imagesPage(c))
  .get('/admin/images/seal.png', requireRole('admin'), (c) => png(c, 'seal'))
  .get('/admin/images/signatures/:file{[a-z0-9._-]+\\.png}', requireRole('admin'), (c) => png(c, 'signature', c.req.param('file').slice(0, -4)))
  .post('/admin/images/seal', requireRole('admin'), (c) => upload(c, 'seal'))
  .post('/admin/images/signatures/:username', requireRole('admin'), (c) => upload(c, 'signature', c.req.param('username')));
