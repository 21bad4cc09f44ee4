import type { Context } from 'hono';
import { InvalidInputError } from '../shared/errors';
import type { WebEnv } from './session';

/**
 * The form a desk page was posted. A body that is not a form, or is cut or malformed, is a 400
 * page saying so (errors.tsx), never a 500: undici's parser throws a bare TypeError for it
 * (issue 10, found by test/fuzz/multipart.test.ts).
 */
export async function readForm(c: Context<WebEnv>): Promise<FormData> {
  try {
    return await c.req.formData();
  } catch {
    throw new InvalidInputError('broken_form', 'Không đọc được biểu mẫu gửi lên (bị cắt hoặc sai định dạng); vui lòng tải lại trang và gửi lại');
  }
}
