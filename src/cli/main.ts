import { isTaichoError } from '../shared/errors';
import { defaultIO, type CliCommand, type CliIO } from './command';
import { commands } from './commands';

function help(list: readonly { name: string; summary: string }[]): string {
  const width = Math.max(...list.map((c) => c.name.length));
  return [
    'taicho — one-stop service centre ("5 tại chỗ"): reception, appraisal, approval, sealing, return.',
    '',
    'Usage: taicho <command> [options]      (taicho <command> --help for its options)',
    '',
    'Commands:',
    ...list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
}

/** Runs the CLI and returns its exit code: 0 ok, 1 bad input or failure, 2 unverifiable, 4 not built. */
export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help(commands));
    return name ? 0 : 1;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`taicho: unknown command '${name}'\n\n${help(commands)}`);
    return 1;
  }
  const command: CliCommand = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (isTaichoError(e)) {
      io.stderr(`taicho ${name}: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof TypeError && (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      io.stderr(`taicho ${name}: ${e.message}\n${command.usage}\n`);
      return 1;
    }
    io.stderr(`taicho ${name}: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
