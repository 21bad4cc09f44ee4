import type { Child } from 'hono/jsx';
import type { StaffView } from '../../app/app-services';
import type { Status } from '../../dossiers/state-machine';
import type { WorkItem } from '../../dossiers/work-list';
import { Day, DayTime, OverdueTag, StatusTag } from '../components';
import { CHANNEL_WORDS, ROLE_WORDS } from '../format';

/**
 * Pieces shared by the case-work screens (thẩm định, phê duyệt, đóng dấu), the dossier page and
 * the home work list, MoJ case-working patterns in spirit: a sub-navigation per case, a summary,
 * a timeline of hand-offs, a queue.
 */
export type CaseView = StaffView;

/** Open the browser's PDF viewer at page width, without its thumbnail pane (the frame is narrow). */
export const VIEWER = '#navpanes=0&view=FitH';

export const apiBase = (code: string) => `/api/v1/dossiers/${encodeURIComponent(code)}`;

/** Sub-navigation of one case: the sections of its page, in order. */
export function CaseSubNav({ items }: { items: { href: string; text: string }[] }) {
  return (
    <nav class="sub-nav" aria-label="Các phần của hồ sơ">
      <ul>
        {items.map((i) => (
          <li>
            <a href={i.href}>{i.text}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * A dossier's summary (dossier page and case pages). `contact` is the applicant's ID number,
 * phone, address and channel: the dossier page shows them (the domain masks them for auditors);
 * the case screens leave them out, as appraisal and signing work from the documents.
 */
export function CaseSummary({ view, contact, overdue }: { view: CaseView; contact: boolean; overdue?: boolean }) {
  return (
    <dl class="summary-list">
      <dt>Trạng thái</dt>
      <dd>
        <StatusTag status={view.status} /> {overdue ? <OverdueTag /> : null}
      </dd>
      <dt>Thủ tục</dt>
      <dd>
        {view.procedure.name} <span class="hint">Mã {view.procedure.code}</span>
      </dd>
      <dt>Người nộp</dt>
      <dd>{view.applicant.name}</dd>
      {contact ? (
        <>
          <dt>Số CCCD</dt>
          <dd>{view.applicant.id}</dd>
          <dt>Số điện thoại</dt>
          <dd>{view.applicant.phone}</dd>
          <dt>Địa chỉ</dt>
          <dd>{view.applicant.address ?? '—'}</dd>
          <dt>Hình thức nộp</dt>
          <dd>{CHANNEL_WORDS[view.channel]}</dd>
        </>
      ) : null}
      <dt>Ngày tiếp nhận</dt>
      <dd>
        <DayTime ms={view.receivedAt} />
      </dd>
      <dt>Hẹn trả kết quả</dt>
      <dd>
        <DayTime ms={view.appointmentAt} />
      </dd>
    </dl>
  );
}

/** MoJ timeline: each hand-off, newest first, with who did it (name and role) and the note. */
export function Timeline({ view }: { view: CaseView }) {
  return (
    <ol class="timeline">
      {[...view.history].reverse().map((h) => (
        <li>
          <h3 class="timeline__title">{h.label}</h3>
          <p class="timeline__by">
            {h.actor ? `${h.actor.displayName} (${ROLE_WORDS[h.actor.role as keyof typeof ROLE_WORDS] ?? h.actor.role})` : 'Hệ thống'} · <DayTime ms={h.at} />
          </p>
          {h.note ? <p class="timeline__note">{h.note}</p> : null}
        </li>
      ))}
    </ol>
  );
}

/**
 * A queue of dossiers, oldest due first, overdue marked: the home work list (with `status`, as
 * it mixes statuses) and the case-work queues; `select` adds the multi-select column.
 */
export function CaseQueue(p: { items: WorkItem[]; caption: string; linkTo: (code: string) => string; status?: boolean; select?: { checked: Set<string> } }) {
  return (
    <table class="table table--stack case-queue">
      <caption>{p.caption}</caption>
      <thead>
        <tr>
          {p.select ? (
            <th scope="col" class="case-queue__select">
              <span class="visually-hidden">Chọn</span>
            </th>
          ) : null}
          <th scope="col">Mã hồ sơ</th>
          <th scope="col">Thủ tục</th>
          <th scope="col">Người nộp</th>
          {p.status ? <th scope="col">Trạng thái</th> : null}
          <th scope="col">Hạn trả kết quả</th>
        </tr>
      </thead>
      <tbody>
        {p.items.map((d, i) => (
          <tr class={d.overdue ? 'is-overdue' : undefined}>
            {p.select ? (
              <td class="case-queue__select">
                <input type="checkbox" name="codes" value={d.code} id={i === 0 ? 'codes' : `codes-${i}`} checked={p.select.checked.has(d.code)} data-batch-item />
                <label for={i === 0 ? 'codes' : `codes-${i}`} class="visually-hidden">
                  Chọn hồ sơ {d.code}
                </label>
              </td>
            ) : null}
            <td data-label="Mã hồ sơ">
              <a href={p.linkTo(d.code)} class="code">
                {d.code}
              </a>
            </td>
            <td data-label="Thủ tục">{d.procedureName}</td>
            <td data-label="Người nộp">{d.applicantName}</td>
            {p.status ? (
              <td data-label="Trạng thái">
                <StatusTag status={d.status as Status} />
              </td>
            ) : null}
            <td data-label="Hạn trả kết quả">
              <Day ms={d.dueAt} /> {d.overdue ? <OverdueTag /> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A PDF shown in the page from a same-origin URL (the API accepts the session cookie on GET). */
export function PdfFrame({ src, title, name, children }: { src?: string; title: string; name?: string; children?: Child }) {
  return (
    <div class="pdf-frame">
      <iframe src={src} title={title} name={name}></iframe>
      {children}
    </div>
  );
}

/** A labelled textarea with hint and error beside it (the TextField of long answers). */
export function TextArea(p: { id: string; name?: string; label: string; value?: string; hint?: string; error?: string; rows?: number; required?: boolean }) {
  const described = [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <label for={p.id}>{p.label}</label>
      {p.hint ? <span class="hint" id={`${p.id}-hint`}>{p.hint}</span> : null}
      {p.error ? (
        <span class="error-message" id={`${p.id}-error`}>
          <span class="visually-hidden">Lỗi: </span>
          {p.error}
        </span>
      ) : null}
      <textarea id={p.id} name={p.name ?? p.id} rows={p.rows ?? 5} required={p.required} aria-describedby={described} aria-invalid={p.error ? 'true' : undefined}>
        {p.value ?? ''}
      </textarea>
    </div>
  );
}
