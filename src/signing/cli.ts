import { NotImplementedError } from '../shared/errors';
import type { CliCommand } from '../cli/command';

// Placeholder until issue #4 lands: says so plainly instead of pretending.
export const signCommand: CliCommand = {
  name: 'sign',
  summary: 'not built yet (issue #4)',
  usage: 'taicho sign: not built yet (issue #4)',
  async run() {
    throw new NotImplementedError('not_implemented', 'taicho sign is not built yet (issue #4)');
  },
};
