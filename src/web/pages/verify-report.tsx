import type { SignatureReport, VerificationReport } from '../../verify/types';
import { DayTime } from '../components';
import { reportTone, signatureChecks, signatureTone, TONE_WORDS, type Tone } from '../verdict';

/**
 * The verification report as the auditor reads it (after the EU DSS validation report): the
 * verdict first, then one card per signature with its checks, chain and details, then the
 * file's revisions. Every tone is said in words and an icon, colour only reinforces it.
 */

/** Tick, exclamation mark, cross: drawn, not a font glyph, so every PC shows the same shape. */
const ICON_PATHS: Record<Tone, string> = {
  green: 'M4 8.5l2.5 2.5L12 5.5',
  amber: 'M8 3.5v5.5M8 11.5v1',
  red: 'M5 5l6 6M11 5l-6 6',
};

export function ToneIcon({ tone }: { tone: Tone }) {
  return (
    <svg class="verdict__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="8"></circle>
      <path d={ICON_PATHS[tone]}></path>
    </svg>
  );
}

export function Verdict({ tone, text }: { tone: Tone; text?: string }) {
  return (
    <strong class={`verdict verdict--${tone}`} data-tone={tone}>
      <ToneIcon tone={tone} /> {text ?? TONE_WORDS[tone].word}
    </strong>
  );
}

const SUMMARY: Record<Tone, string> = {
  green: 'Mọi chữ ký đều hợp lệ và tệp không bị sửa sau khi ký.',
  amber: 'Không phát hiện sai phạm, nhưng có điều chưa xác nhận được (xem các mục có dấu !).',
  red: 'Có chữ ký không hợp lệ hoặc tệp đã bị sửa: không nên tin vào nội dung tệp này.',
};

export function ReportSummary({ report, fileName }: { report: VerificationReport; fileName: string }) {
  const tone = reportTone(report);
  const n = report.signatures.length;
  return (
    <section class={`report-summary report-summary--${tone}`} aria-labelledby="verdict-title">
      <h2 id="verdict-title">
        Kết luận: <Verdict tone={tone} />
      </h2>
      <p>{n ? SUMMARY[tone] : 'Tệp không có chữ ký số nào.'}</p>
      <dl class="summary-list">
        <dt>Tệp</dt>
        <dd class="code">{fileName}</dd>
        <dt>Số chữ ký</dt>
        <dd>{n}</dd>
        <dt>Kích thước, SHA-256</dt>
        <dd class="code">
          {report.file.size.toLocaleString('vi-VN')} byte; {report.file.sha256}
        </dd>
        <dt>Thời điểm kiểm tra</dt>
        <dd>
          <DayTime ms={Date.parse(report.checkedAt)} />
        </dd>
      </dl>
      {report.reasons.length ? (
        <>
          <h3>Lý do</h3>
          <ul>{report.reasons.map((r) => <li>{r}</li>)}</ul>
        </>
      ) : null}
    </section>
  );
}

export function SignatureCard({ s }: { s: SignatureReport }) {
  const tone = signatureTone(s);
  const id = `sig-${s.index + 1}`;
  const kind = s.kind === 'document-timestamp' ? 'Dấu thời gian tài liệu' : 'Chữ ký';
  return (
    <article class={`sig-card sig-card--${tone}`} aria-labelledby={id}>
      <h3 id={id}>
        {kind} {s.index + 1}: {s.signer ?? s.fieldName}
      </h3>
      <p>
        <Verdict tone={tone} />
        {s.organisation ? <span class="sig-card__org"> — {s.organisation}</span> : null}
      </p>
      <ul class="checks">
        {signatureChecks(s).map((c) => (
          <li class={`check check--${c.tone}`}>
            <ToneIcon tone={c.tone} />
            <span>
              <strong>{c.label}:</strong> {c.text}
              <span class="visually-hidden"> ({TONE_WORDS[c.tone].word})</span>
            </span>
          </li>
        ))}
      </ul>
      <ChainPath s={s} />
      <Details s={s} />
      {s.modifications.length ? <NoteList title="Thay đổi sau khi ký" items={s.modifications} /> : null}
      {s.errors.length ? <NoteList title="Ghi chú của bộ kiểm tra" items={s.errors} /> : null}
    </article>
  );
}

function ChainPath({ s }: { s: SignatureReport }) {
  if (!s.chainPath.length) return <p>Chuỗi chứng thư: không dựng được.</p>;
  const last = s.chainPath.length - 1;
  return (
    <>
      <h4>Chuỗi chứng thư</h4>
      <ol class="chain">
        {s.chainPath.map((name, i) => (
          <li>
            {name}
            <span class="hint">{i === 0 ? 'người ký' : i === last && s.chain === 'trusted' ? 'chứng thư gốc được tin cậy' : 'cơ quan cấp chứng thư'}</span>
          </li>
        ))}
      </ol>
    </>
  );
}

function Details({ s }: { s: SignatureReport }) {
  const at = (iso: string | null) => (iso ? <DayTime ms={Date.parse(iso)} /> : 'Không có');
  return (
    <dl class="summary-list">
      <dt>Thời điểm ký (người ký khai)</dt>
      <dd>{at(s.signedAt)}</dd>
      <dt>Thời điểm theo dấu thời gian</dt>
      <dd>{s.timestamp ? <>{at(s.timestamp.time)} — {s.timestamp.tsa ?? 'TSA không rõ tên'}</> : 'Không có'}</dd>
      <dt>Mức PAdES</dt>
      <dd>{s.level ?? 'Không xác định'}</dd>
      {s.docMdp ? (
        <>
          <dt>Chứng nhận (DocMDP)</dt>
          <dd>P={s.docMdp}: {s.docMdp === 1 ? 'không cho phép thay đổi' : s.docMdp === 2 ? 'chỉ cho phép điền biểu mẫu và ký' : 'cho phép điền, ký và ghi chú'}</dd>
        </>
      ) : null}
      <dt>Lý do ký</dt>
      <dd>{s.reason ?? 'Không ghi'}</dd>
      <dt>Trường chữ ký</dt>
      <dd class="code">{s.fieldName}</dd>
      <dt>Phạm vi ký</dt>
      <dd>Phiên bản {s.coversRevision} của tệp{s.totalDocument ? ' (toàn bộ tệp)' : ''}</dd>
      <dt>Thuật toán</dt>
      <dd>{s.algorithm ?? 'Không xác định'}</dd>
    </dl>
  );
}

function NoteList({ title, items }: { title: string; items: string[] }) {
  return (
    <>
      <h4>{title}</h4>
      <ul>{items.map((i) => <li>{i}</li>)}</ul>
    </>
  );
}

export function Revisions({ report }: { report: VerificationReport }) {
  return (
    <details class="revisions">
      <summary>Các phiên bản của tệp ({report.revisions.length})</summary>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Phiên bản</th>
            <th scope="col">Thay đổi</th>
          </tr>
        </thead>
        <tbody>
          {report.revisions.map((r) => (
            <tr>
              <td>{r.index}</td>
              <td>{r.changes.items.length ? <ul>{r.changes.items.map((i) => <li>{i.description}</li>)}</ul> : r.changes.summary || 'Không có'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
