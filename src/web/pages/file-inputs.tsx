import type { IncomingFile } from '../../dossiers/reception';
import type { RequiredDocument } from '../../procedures/catalogue';

/**
 * "Thành phần hồ sơ": one drop zone per required document, each with a multi-file input and a
 * camera input (`accept="image/*" capture`), so every file is named by the document it is.
 * Used by reception and by supplements (with no required list: one "other papers" zone).
 */
export const KIND_WORDS: Record<RequiredDocument['kind'], string> = {
  original: 'Bản chính',
  certified_copy: 'Bản sao có chứng thực',
  copy: 'Bản chụp',
};

const ACCEPT = 'image/jpeg,image/png,image/tiff,application/pdf,.jpg,.jpeg,.png,.tif,.tiff,.pdf';
export const OTHER = 'other';

function Zone({ id, name, hint, error }: { id: string; name: string; hint?: string; error?: boolean }) {
  return (
    <li class="drop" data-dropzone>
      <label for={`files-${id}`}>{name}</label>
      {hint ? <span class="hint">{hint}</span> : null}
      <div class="drop__inputs">
        <input type="file" id={`files-${id}`} name={`files-${id}`} multiple accept={ACCEPT} aria-describedby={error ? 'files-error' : undefined} />
        <label class="choice" for={`camera-${id}`}>
          Chụp ảnh bằng camera
        </label>
        <input type="file" id={`camera-${id}`} name={`files-${id}`} accept="image/*" capture="environment" aria-label={`Chụp ảnh bằng camera: ${name}`} />
      </div>
      <p class="drop__names hint" data-file-names aria-live="polite"></p>
    </li>
  );
}

export function FileInputs({ documents, error, legend = 'Thành phần hồ sơ' }: { documents: RequiredDocument[]; error?: string; legend?: string }) {
  return (
    <fieldset id="files" class={error ? 'field field--error' : 'field'}>
      <legend>{legend}</legend>
      <span class="hint">Ảnh chụp, bản quét (JPEG, PNG, TIFF) hoặc PDF. Chọn nhiều tệp, kéo thả tệp vào từng giấy tờ, hoặc chụp bằng camera điện thoại.</span>
      {error ? (
        <span class="error-message" id="files-error">
          <span class="visually-hidden">Lỗi: </span>
          {error}
        </span>
      ) : null}
      <ul class="drops">
        {documents.map((d, i) => (
          <Zone id={String(i)} name={d.name} hint={`${KIND_WORDS[d.kind]} · ${d.count} bản${d.note ? ` · ${d.note}` : ''}`} error={Boolean(error)} />
        ))}
        <Zone id={OTHER} name={documents.length ? 'Giấy tờ khác (nếu có)' : 'Giấy tờ bổ sung'} error={Boolean(error)} />
      </ul>
    </fieldset>
  );
}

/** How a refused file is named to the user: the file they chose, and the document it was for. */
export function describeFile(files: { name: string; source: string }[], name: string): string {
  const f = files.find((x) => x.name === name);
  return f && f.source && f.source !== name ? `“${f.source}” (${name})` : `“${name}”`;
}

/**
 * The files of a submitted form, named by their document: "Giấy chứng sinh", then
 * "Giấy chứng sinh (tệp 2)" for a second photo. An empty file input sends a nameless empty part: skipped.
 */
export async function filesOf(form: FormData, documents: RequiredDocument[]): Promise<(IncomingFile & { source: string })[]> {
  const out: (IncomingFile & { source: string })[] = [];
  const zones = [...documents.map((d, i) => ({ key: String(i), doc: d as RequiredDocument | undefined })), { key: OTHER, doc: undefined }];
  for (const { key, doc } of zones) {
    const files = form.getAll(`files-${key}`).filter((f): f is File => typeof f !== 'string' && (f.size > 0 || f.name !== ''));
    for (const [n, f] of files.entries()) {
      const name = doc ? (files.length > 1 ? `${doc.name} (tệp ${n + 1})` : doc.name) : f.name;
      out.push({ name, source: f.name, kind: doc?.kind, bytes: new Uint8Array(await f.arrayBuffer()) });
    }
  }
  return out;
}
