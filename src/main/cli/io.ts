/** Where a command writes and where it runs: the process, or a test. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
};
