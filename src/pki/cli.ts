import { NotImplementedError } from '../shared/errors';
import type { CliCommand } from '../cli/command';

// Placeholder until issue #4 lands: says so plainly instead of pretending.
export const pkiCommand: CliCommand = {
  name: 'pki',
  summary: 'not built yet (issue #4)',
  usage: 'taicho pki: not built yet (issue #4)',
  async run() {
    throw new NotImplementedError('not_implemented', 'taicho pki is not built yet (issue #4)');
  },
};
