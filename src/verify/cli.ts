import { NotImplementedError } from '../shared/errors';
import type { CliCommand } from '../cli/command';

// Placeholder until issue #5 lands: says so plainly instead of pretending.
export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'not built yet (issue #5)',
  usage: 'taicho verify: not built yet (issue #5)',
  async run() {
    throw new NotImplementedError('not_implemented', 'taicho verify is not built yet (issue #5)');
  },
};
