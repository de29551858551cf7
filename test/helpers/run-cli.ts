import { main } from '../../src/main/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the factory-bench command line in this process, in the given directory. */
export async function runCli(argv: string[], cwd: string): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { out: (t) => void (stdout += t), err: (t) => void (stderr += t), cwd });
  return { code, stdout, stderr };
}
