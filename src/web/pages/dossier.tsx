import { Hono, type Context } from 'hono';
import type { Role } from '../../auth/roles';
import { RULES, type Action } from '../../dossiers/state-machine';
import type { StaffView } from '../../app/app-services';
import { isOverdue } from '../../dossiers/work-list';
import { DayTime, DocumentStateTag, Notice } from '../components';
import { DOCUMENT_STATE_WORDS } from '../format';
import { page, type PageOptions } from '../render';
import { currentUser, requireUser, type WebEnv } from '../session';
import { apiBase, CaseSummary, Timeline } from './case-parts';
import { KIND_WORDS } from './file-inputs';
import { ReceptionActions } from './reception-actions';

/**
 * A dossier's page (hồ sơ): status, applicant (masked for auditors as the domain decides),
 * the documents with their digitisation progress live (dossier.js on the API's SSE stream),
 * the hand-offs, and the actions the user's role may take from the current status.
 */
export type DossierView = StaffView;

/** Roles the API lets read live progress, the slip and the documents (see routes/files.ts, live.ts). */
const HANDLERS: readonly Role[] = ['reception', 'specialist', 'leader', 'clerk'];

/** Whether the state machine lets this role take this action now. */
export function mayTake(view: DossierView, role: Role, action: Action): boolean {
  return RULES[action].roles.includes(role) && RULES[action].from.includes(view.status);
}

function Documents({ view, live }: { view: DossierView; live: boolean }) {
  const base = apiBase(view.code);
  return (
    <table class="table table--stack" id="documents" data-events-url={live ? `${base}/events` : undefined} data-words={DOCUMENT_STATE_WORDS}>
      <caption>Thành phần hồ sơ</caption>
      <thead>
        <tr>
          <th scope="col">Giấy tờ</th>
          <th scope="col">Loại</th>
          <th scope="col">Số hóa</th>
          <th scope="col">Tệp</th>
        </tr>
      </thead>
      <tbody aria-live="polite">
        {view.documents.map((d) => (
          <tr data-doc-id={d.id}>
            <td data-label="Giấy tờ">{d.name}</td>
            <td data-label="Loại">{KIND_WORDS[d.kind as keyof typeof KIND_WORDS] ?? d.kind}</td>
            <td data-label="Số hóa">
              <DocumentStateTag doc={d} />
            </td>
            <td data-label="Tệp">
              {live ? (
                <>
                  <a href={`${base}/documents/${d.id}/source`} target="_blank">Tệp gốc<span class="visually-hidden"> của {d.name}</span></a>
                  {' · '}
                  <a href={`${base}/documents/${d.id}`} target="_blank" data-pdf-link hidden={!d.searchable}>
                    PDF đã số hóa<span class="visually-hidden"> của {d.name}</span>
                  </a>
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What a finished action says on the page it returns to (by key: no text taken from the URL). */
const DONE: Record<string, string> = {
  supplement: 'Đã tiếp nhận hồ sơ bổ sung; thời hạn giải quyết được tính tiếp.',
  return: 'Đã trả kết quả cho công dân.',
  withdraw: 'Đã ghi nhận công dân rút hồ sơ.',
};

export interface ActionError {
  action: Action;
  message: string;
  field?: string;
}

/** Renders the dossier page; an action's handler passes its error to show it beside that action. */
export async function dossierPage(c: Context<WebEnv>, code: string, opts: { error?: ActionError; status?: PageOptions['status']; values?: Record<string, string> } = {}) {
  const user = currentUser(c)!;
  const view = await c.var.services.dossiers.get(user, code);
  const live = HANDLERS.includes(user.role);
  const overdue = isOverdue(view, c.var.services.settings.now());
  const received = c.req.query('received') === '1';
  return page(c, { title: `Hồ sơ ${view.code}`, scripts: live ? ['dossier.js'] : [], status: opts.status }, (
    <>
      {received ? (
        <div class="panel" role="status">
          <h2>Đã tiếp nhận hồ sơ</h2>
          <p>
            Mã hồ sơ <span class="panel__code">{view.code}</span>
          </p>
          <p>
            Hẹn trả kết quả: <DayTime ms={view.appointmentAt} />
          </p>
        </div>
      ) : null}
      {DONE[c.req.query('done') ?? ''] ? <Notice tone="ok">{DONE[c.req.query('done') ?? '']}</Notice> : null}
      <h1>
        Hồ sơ <span class="code">{view.code}</span>
      </h1>
      {live ? (
        <div class="actions">
          <a class="button" href={`${apiBase(view.code)}/receipt`} target="_blank">
            In giấy hẹn
          </a>
        </div>
      ) : null}
      <CaseSummary view={view} contact overdue={overdue} />
      <Documents view={view} live={live} />
      <p class="hint" id="live-status" role="status" aria-live="polite"></p>
      <ReceptionActions c={c} view={view} error={opts.error} values={opts.values ?? {}} />
      <h2>Quá trình xử lý</h2>
      <Timeline view={view} />
      <p>
        <a href="/">Về trang việc của tôi</a>
      </p>
    </>
  ));
}

export const dossierPages = new Hono<WebEnv>().get('/dossiers/:code{[0-9A-Za-z.]+-[0-9]{6}-[0-9]{4}}', requireUser, (c) => dossierPage(c, c.req.param('code')));
