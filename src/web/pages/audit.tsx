import { Hono, type Context } from 'hono';
import type { AuditEntry, ChainCheck } from '../../audit/audit-log';
import { NotFoundError } from '../../shared/errors';
import { DayTime, ErrorSummary, Notice, TextField, type FieldError } from '../components';
import { auditNote, auditTitle } from '../audit-words';
import { page } from '../render';
import { requireRole, type WebEnv } from '../session';

/**
 * Nhật ký kiểm tra: a dossier's audit trail as a timeline (MoJ "timeline" pattern), with the
 * hash chain checked on every view, so a tampered store shows at once where it breaks.
 */
/** The chain check's reasons (English, from the audit log) in the auditor's words. */
function brokenWhy(reason: string): string {
  const missing = /^entry (\d+) is missing$/.exec(reason);
  if (missing) return `mục #${missing[1]} đã bị xóa`;
  if (reason.startsWith('link to the previous')) return 'liên kết tới mục trước không khớp (mục bị chèn, xóa hoặc đổi thứ tự)';
  if (reason.startsWith('content does not match')) return 'nội dung đã bị sửa (không khớp mã băm)';
  return reason;
}

function ChainResult({ chain }: { chain: ChainCheck }) {
  if (chain.chainValid)
    return (
      <Notice tone="ok">
        <strong>Chuỗi nhật ký toàn vẹn.</strong> Đã kiểm tra {chain.checked} mục; mục cuối #{chain.head.seq}, mã băm <span class="code">{chain.head.hash.slice(0, 16)}…</span>
      </Notice>
    );
  return (
    <Notice tone="bad">
      <strong>Chuỗi nhật ký bị phá vỡ</strong>
      {chain.firstBroken ? ` tại mục #${chain.firstBroken.seq}: ${brokenWhy(chain.firstBroken.reason)}` : ''}. Các mục từ đó trở đi không còn đáng tin.
    </Notice>
  );
}

function FindForm({ code, errors }: { code?: string; errors: FieldError[] }) {
  return (
    <form method="get" action="/audit" class="filters">
      <TextField id="code" label="Mã hồ sơ" value={code} error={errors[0]?.message} class="code" autocomplete="off" />
      <button type="submit" class="button">
        Xem nhật ký
      </button>
    </form>
  );
}

async function findPage(c: Context<WebEnv>, code?: string, errors: FieldError[] = []) {
  return page(c, { title: 'Nhật ký hồ sơ', status: errors.length ? 404 : 200 }, (
    <>
      <h1>Nhật ký hồ sơ</h1>
      <ErrorSummary errors={errors} />
      <ChainResult chain={await c.var.services.audit.verify()} />
      <p>Nhập mã hồ sơ để xem mọi việc đã làm với hồ sơ đó, theo thứ tự thời gian.</p>
      <FindForm code={code} errors={errors} />
    </>
  ));
}

function Timeline({ entries }: { entries: AuditEntry[] }) {
  return (
    <ol class="timeline" aria-label="Các mục nhật ký, cũ nhất trước">
      {entries.map((e) => {
        const note = auditNote(e);
        return (
          <li>
            <h3>{auditTitle(e)}</h3>
            <DayTime ms={e.at} />
            <span class="meta"> · {e.actorName ? `bởi ${e.actorName}` : 'hệ thống hoặc công dân'}</span>
            {note ? <p>{note}</p> : null}
            <div class="code">
              #{e.seq} · băm {e.hash.slice(0, 12)}… · trước {e.prevHash.slice(0, 12)}…
            </div>
          </li>
        );
      })}
    </ol>
  );
}

export const auditPages = new Hono<WebEnv>()
  .get('/audit', requireRole('auditor'), async (c) => {
    const code = c.req.query('code')?.trim();
    return code ? c.redirect(`/audit/${encodeURIComponent(code)}`, 303) : findPage(c);
  })
  .get('/audit/:code', requireRole('auditor'), async (c) => {
    const code = c.req.param('code');
    let trail;
    try {
      trail = await c.var.services.audit.forDossier(c.var.user, code);
    } catch (e) {
      if (e instanceof NotFoundError) return findPage(c, code, [{ field: 'code', message: `Không có hồ sơ mã ${code}` }]);
      throw e;
    }
    return page(c, { title: `Nhật ký hồ sơ ${code}` }, (
      <>
        <h1>
          Nhật ký hồ sơ <span class="code">{code}</span>
        </h1>
        <ChainResult chain={trail} />
        <p>{trail.entries.length} mục, cũ nhất trước.</p>
        {trail.entries.some((e) => e.action === 'result.created') ? (
          <p>
            <a href={`/verify/dossiers/${encodeURIComponent(code)}`}>Xác thực chữ ký của văn bản kết quả</a>
          </p>
        ) : null}
        <Timeline entries={trail.entries} />
        <FindForm errors={[]} />
      </>
    ));
  });
