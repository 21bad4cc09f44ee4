/** One CLI sub-command. `run` returns the exit code; errors thrown are mapped in main.ts. */
export interface CliCommand {
  name: string;
  summary: string;
  /** Full usage text printed by `taicho <name> --help`. */
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
}

export const defaultIO: CliIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  env: process.env,
  cwd: process.cwd(),
};
