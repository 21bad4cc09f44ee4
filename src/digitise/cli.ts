import { NotImplementedError } from '../shared/errors';
import type { CliCommand } from '../cli/command';

// Placeholder until issue #3 lands: says so plainly instead of pretending.
export const ocrCommand: CliCommand = {
  name: 'ocr',
  summary: 'not built yet (issue #3)',
  usage: 'taicho ocr: not built yet (issue #3)',
  async run() {
    throw new NotImplementedError('not_implemented', 'taicho ocr is not built yet (issue #3)');
  },
};
