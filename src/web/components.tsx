import type { Child } from 'hono/jsx';
import type { Status } from '../dossiers/state-machine';
import { CSRF_FIELD } from './csrf';
import { documentState, isoInstant, STATUS_TAGS, vnDay, vnDayTime, type DocumentProgress } from './format';

/** Small building blocks shared by the screens. */

export interface FieldError {
  /** The id of the input the message concerns (the summary links to it). */
  field: string;
  message: string;
}

/** GOV.UK error summary: focused on load by desk.js, each message links to its field. */
export function ErrorSummary({ errors }: { errors: FieldError[] }) {
  if (!errors.length) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} data-autofocus>
      <h2 id="error-summary-title">Có lỗi cần sửa</h2>
      <ul>
        {errors.map((e) => (
          <li>
            <a href={`#${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function errorFor(errors: FieldError[], field: string): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}

/** A labelled text input with hint and error beside it, wired with aria-describedby. */
export function TextField(p: {
  id: string;
  name?: string;
  label: string;
  value?: string;
  hint?: string;
  error?: string;
  type?: string;
  autocomplete?: string;
  inputmode?: 'numeric' | 'tel' | 'text' | 'search';
  required?: boolean;
  pattern?: string;
  maxlength?: number;
  class?: string;
  extra?: Record<string, string>;
}) {
  const described = [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <label for={p.id}>{p.label}</label>
      {p.hint ? <span class="hint" id={`${p.id}-hint`}>{p.hint}</span> : null}
      {p.error ? <span class="error-message" id={`${p.id}-error`}><span class="visually-hidden">Lỗi: </span>{p.error}</span> : null}
      <input
        type={p.type ?? 'text'}
        id={p.id}
        name={p.name ?? p.id}
        value={p.value ?? ''}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        required={p.required}
        pattern={p.pattern}
        maxlength={p.maxlength}
        class={p.class}
        aria-describedby={described}
        aria-invalid={p.error ? 'true' : undefined}
        {...(p.extra ?? {})}
      />
    </div>
  );
}

/** A labelled textarea with its error beside it. */
export function TextArea(p: { id: string; name: string; label: string; value?: string; error?: string }) {
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <label for={p.id}>{p.label}</label>
      {p.error ? <span class="error-message" id={`${p.id}-error`} role="alert"><span class="visually-hidden">Lỗi: </span>{p.error}</span> : null}
      <textarea id={p.id} name={p.name} aria-describedby={p.error ? `${p.id}-error` : undefined} aria-invalid={p.error ? 'true' : undefined}>
        {p.value ?? ''}
      </textarea>
    </div>
  );
}

export function CsrfInput({ token }: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}

export function StatusTag({ status }: { status: Status }) {
  const t = STATUS_TAGS[status];
  return <strong class={`tag tag--${t.tone}`}>{t.text}</strong>;
}

export function OverdueTag() {
  return <strong class="tag tag--overdue">Quá hạn</strong>;
}

export function DocumentStateTag({ doc, id }: { doc: DocumentProgress; id?: string }) {
  const s = documentState(doc);
  return (
    <strong class={`tag tag--${s.tone}`} id={id} data-doc-state>
      {s.text}
    </strong>
  );
}

export function Day({ ms }: { ms: number }) {
  return <time datetime={isoInstant(ms)}>{vnDay(ms)}</time>;
}

export function DayTime({ ms }: { ms: number }) {
  return <time datetime={isoInstant(ms)}>{vnDayTime(ms)}</time>;
}

export function Notice({ tone, children }: { tone?: 'ok' | 'bad'; children?: Child }) {
  return (
    <div class={tone ? `notice notice--${tone}` : 'notice'} role={tone === 'bad' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
